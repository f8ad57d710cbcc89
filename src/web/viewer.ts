import type { Person } from '../store/index.js';
/** Who is looking, and what they may see: supervisors/managers their properties (empty = all), leads their team, staff their own items. */
export interface Viewer { person: Person; scope: ViewScope }
export interface ViewScope { propertyIds: number[] | null; team: string | null; personId: number | null }
export function scopeOf(p: Person): ViewScope {
  if (p.role === 'supervisor' || p.role === 'manager') return { propertyIds: p.properties.length ? [...p.properties] : null, team: null, personId: null };
  if (p.role === 'lead') return { propertyIds: p.properties.length ? [...p.properties] : null, team: p.team, personId: null };
  return { propertyIds: p.properties.length ? [...p.properties] : null, team: null, personId: p.id };
}

/** Supervisors and managers keep the directory (人员: 停用 / 启用, the CSV import). */
export const keepsDirectory = (p: Person): boolean => p.role === 'supervisor' || p.role === 'manager';
