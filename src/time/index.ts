/**
 * Time: Vietnam's clock (UTC+7, no daylight saving), one implementation for the server, SQL and the pages.
 */
export { vietnamDaySql } from './vietnam-sql.js';
export { startOfVietnamDay, VIETNAM_OFFSET_MS, vietnamDateTime, vietnamDay, vietnamIso } from './vietnam.js';
