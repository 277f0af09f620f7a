import { readFileSync } from 'node:fs';

/** One Stryker run: the files it mutates and the pure test files that cover them (see groups.json). */
export interface MutationGroup {
  name: string;
  mutate: string[];
  tests: string[];
}

export const groups: MutationGroup[] = (
  JSON.parse(readFileSync(new URL('./groups.json', import.meta.url), 'utf8')) as { groups: MutationGroup[] }
).groups;
