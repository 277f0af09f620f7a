/**
 * Demo: the Kim Đồng walking street and its history, seeded on the first embedded start.
 */
export { seedDemoOnFirstStart } from './seed-demo.js';
