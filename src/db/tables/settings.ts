import type { Timestamp } from '../timestamp.js';

export interface SettingsTable {
  name: string;
  value: string;
  created_at: Timestamp;
}

export interface SettingsTables {
  settings: SettingsTable;
}
