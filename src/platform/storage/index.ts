import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Where uploaded files live. The file store keeps them under the data directory; an object store
 * (S3, OSS) for multi-node deployments implements the same three calls.
 */
export interface BlobStore {
  /** Stores bytes and returns the key to read them back. Writes are atomic (temp file + rename). */
  put(bytes: Buffer, hint: { prefix: string; extension: string }): Promise<string>;
  get(key: string): Promise<Buffer | null>;
  delete(key: string): Promise<void>;
}

const KEY = /^[a-z0-9_-]+\/[0-9a-f]{2}\/[0-9a-f]{64}\.[a-z0-9]{1,5}$/;

/** Files under root, named by content hash (identical uploads share one file). */
export function fileBlobStore(root: string): BlobStore {
  const full = (key: string) => {
    if (!KEY.test(key)) throw new Error(`not a blob key: ${key}`);
    return path.join(root, key);
  };
  return {
    async put(bytes, hint) {
      const sha = createHash('sha256').update(bytes).digest('hex');
      const key = `${hint.prefix}/${sha.slice(0, 2)}/${sha}.${hint.extension}`;
      const file = full(key);
      if (fs.existsSync(file)) return key;
      await fs.promises.mkdir(path.dirname(file), { recursive: true });
      const tmp = `${file}.${randomUUID()}.tmp`;
      await fs.promises.writeFile(tmp, bytes, { mode: 0o640 });
      await fs.promises.rename(tmp, file);
      return key;
    },
    async get(key) {
      try {
        return await fs.promises.readFile(full(key));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw e;
      }
    },
    async delete(key) {
      await fs.promises.rm(full(key), { force: true });
    },
  };
}
