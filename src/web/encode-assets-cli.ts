// The build's step that compresses the assets once (see encoded-assets.ts): node encode-assets-cli.js <dir>.
import { writeEncodings } from './encoded-assets.js';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: encode-assets-cli <output directory>');
  process.exit(2);
}
console.log(`compressed ${await writeEncodings(dir)} assets for the pages (brotli and gzip, once per build)`);
