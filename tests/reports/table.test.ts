// CSV cells as Excel and WPS read them: formula-looking text defused, quoting per RFC 4180, numbers untouched.
import { describe, expect, it } from 'vitest';
import { csvField, csvLine, sectionsCsv } from '../../src/web/reports/table.js';
import { addMonths, lastMonth, monthsRange } from '../../src/handlers/reports/months.js';

describe('CSV cells', () => {
  it('prefix text starting with = + - @ (or a tab) with a quote, and leave numbers alone', () => {
    expect(['=1+2', '+8613800000000', '-5', '@SUM(A1)', '\tx'].map(csvField)).toEqual(["'=1+2", "'+8613800000000", "'-5", "'@SUM(A1)", "'\tx"]);
    expect([-5, 0, 66.67, null, '正常'].map(csvField)).toEqual(['-5', '0', '66.67', '', '正常']);
  });

  it('quote commas, quotes, line breaks and edge spaces; lines end with CRLF; the file starts with a BOM', () => {
    expect(csvLine(['a,b', '说"好"', '两\n行', ' 空格'])).toBe('"a,b","说""好""","两\n行"," 空格"\r\n');
    expect(sectionsCsv([{ title: '标题', head: ['甲'], rows: [[1]] }])).toBe('\uFEFF标题\r\n甲\r\n1\r\n');
  });
});

describe('local months', () => {
  it('name the month in Beijing time and step across years', () => {
    expect(lastMonth(new Date('2026-01-01T00:30:00+08:00'), 480)).toBe('2025-12');
    expect(addMonths('2026-01', -2)).toBe('2025-11');
    const r = monthsRange('2026-10', '2026-10', 480);
    expect([r.from.toISOString(), r.to.toISOString()]).toEqual(['2026-09-30T16:00:00.000Z', '2026-10-31T16:00:00.000Z']);
  });
});
