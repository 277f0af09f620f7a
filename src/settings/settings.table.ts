import type { Timestamp } from '../db/timestamp.js';

export interface SettingsTable {
  name: string;
  value: string;
  created_at: Timestamp;
}

export interface SettingsTables {
  settings: SettingsTable;
}
