// Secrets in a backup are sealed with a passphrase: scrypt derives the key, AES-256-GCM encrypts and
// authenticates, so a wrong passphrase is told apart from a damaged file (whose sha256 fails first).
import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from "node:crypto";
import { BackupError } from "./format.ts";

const AAD = Buffer.from("aios-backup secrets v1");
/** scrypt cost: 2^15 × 8 × 128 B = 32 MiB, ~0.1 s here; kept in the manifest so it can grow later. */
const N = 32768, R = 8, P = 1;

const key = (passphrase: string, salt: Buffer, n: number, r: number, p: number) =>
  scryptSync(passphrase.normalize("NFC"), salt, 32, { N: n, r, p, maxmem: 256 * n * r + 1024 * 1024 });

export function seal(plain: Buffer, passphrase: string): { data: Buffer; sealed: Record<string, string | number> } {
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(passphrase, salt, N, R, P), iv);
  cipher.setAAD(AAD);
  const data = Buffer.concat([cipher.update(plain), cipher.final()]);
  return { data, sealed: { cipher: "aes-256-gcm", kdf: "scrypt", N, r: R, p: P, salt: salt.toString("base64"), iv: iv.toString("base64"), tag: cipher.getAuthTag().toString("base64") } };
}

export function open(data: Buffer, sealed: Record<string, string | number>, passphrase: string, what: string): Buffer {
  if (sealed.cipher !== "aes-256-gcm" || sealed.kdf !== "scrypt") throw new BackupError(`${what} is sealed with ${sealed.cipher}/${sealed.kdf}, which this aios does not know`);
  const decipher = createDecipheriv("aes-256-gcm", key(passphrase, Buffer.from(String(sealed.salt), "base64"), Number(sealed.N), Number(sealed.r), Number(sealed.p)), Buffer.from(String(sealed.iv), "base64"));
  decipher.setAAD(AAD);
  decipher.setAuthTag(Buffer.from(String(sealed.tag), "base64"));
  try {
    return Buffer.concat([decipher.update(data), decipher.final()]);
  } catch {
    throw new BackupError(`wrong passphrase for ${what}`, "give the passphrase the backup was made with (--passphrase-file), or skip the secrets with --no-secrets");
  }
}
