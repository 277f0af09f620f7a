import type { Generated } from 'kysely';
import type { Timestamp } from '../timestamp.js';

/** A community digital-transformation team, working in one commune or ward. */
export interface TeamsTable {
  id: Generated<string>;
  name: string;
  /** The ward as typed (staff only); since migration 0019 the official name of `ward_code`. */
  ward: string;
  /** The official ward code (admin_wards); null for a text that matched no ward before 0019. */
  ward_code: string | null;
  created_at: Timestamp;
}

/** Which team a staff member belongs to (at most one). */
export interface StaffTeamsTable {
  staff_id: string;
  team_id: string;
  updated_at: Timestamp;
}

export interface TeamTables {
  teams: TeamsTable;
  staff_teams: StaffTeamsTable;
}
