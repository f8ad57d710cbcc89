// Location as building / unit / room: 3栋2单元1502, 3号楼2单元1502室, 12-3-802, A座1205, 11#楼, 十栋二单元.
import { cnToInt, digitsBefore } from './numerals.js';

export interface Location {
  building?: string;
  unit?: string;
  room?: string;
}

// "11#1502" is building 11, room 1502; a bare "#12" (no digits before it) is a ticket number.
const BUILDING = String.raw`(\d{1,3}|[A-Za-z])\s*(?:号楼|#楼|栋|幢|座|#)`;
const FULL = new RegExp(String.raw`${BUILDING}\s*(?:(\d{1,2})\s*(?:单元|门))?\s*(?:(\d{1,2})\s*(?:楼|层)\s*)?(?:(\d{2,5})\s*(?:室|号|房)?)?`);
const DASHED = /(?<![\d.\/-])(\d{1,3})-(\d{1,2})-(\d{3,5})(?![\d-])/;
const UNIT_ONLY = /(?<!\d)(\d{1,2})\s*单元\s*(?:(\d{2,5})\s*(?:室|号)?)?/;

/** 七栋一单元八零三: a room written digit by digit after 单元. */
const CN_ROOM = /(?<=单元\s*)([零〇一二三四五六七八九]{3,4})(?![零〇一二三四五六七八九十百千])/;

export function parseLocation(text: string): { location: Location; rest: string } {
  const t = digitsBefore(text, '(?:号楼|栋|幢|单元|座|室|号)').replace(CN_ROOM, (m) => String(cnToInt(m) ?? m));
  let m = FULL.exec(t);
  if (m) {
    const [, building, unit, , room] = m;
    return { location: clean({ building: building!.toUpperCase(), unit, room }), rest: cut(t, m) };
  }
  m = DASHED.exec(t);
  if (m) return { location: { building: m[1]!, unit: m[2]!, room: m[3]! }, rest: cut(t, m) };
  m = UNIT_ONLY.exec(t);
  if (m) return { location: clean({ unit: m[1], room: m[2] }), rest: cut(t, m) };
  return { location: {}, rest: t };
}

function clean(l: Location): Location {
  return Object.fromEntries(Object.entries(l).filter(([, v]) => v !== undefined && v !== '')) as Location;
}

/** "我是7栋1单元803", "地址：3栋…": the lead-in goes with the location. */
const LEAD_IN = /(?:我是|我家是|我家住|我住在|我住|住在|地址是|地址|位置是|位置|房号是|房号)\s*$/;

function cut(t: string, m: RegExpExecArray): string {
  return (t.slice(0, m.index).replace(LEAD_IN, '') + ' ' + t.slice(m.index + m[0].length)).replace(/\s+/g, ' ').trim();
}
