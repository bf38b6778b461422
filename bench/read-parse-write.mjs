/**
 * The yardstick of bench section f: read an OTLP JSON Lines file line by line, parse each
 * line and write it back (stringified), as the `classify --output` command must at least do.
 *
 *   node bench/read-parse-write.mjs <in.jsonl> <out.jsonl>
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { once } from 'node:events';

const [input, output] = process.argv.slice(2);
const out = createWriteStream(output);
for await (const line of createInterface({ input: createReadStream(input), crlfDelay: Infinity })) {
  if (line.trim() === '') continue;
  if (!out.write(`${JSON.stringify(JSON.parse(line))}\n`)) await once(out, 'drain');
}
out.end();
await once(out, 'finish');
