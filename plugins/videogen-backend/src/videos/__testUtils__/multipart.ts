import { randomBytes } from 'node:crypto';

export type Part = {
  name: string;
  /** Makes it a file part. */
  filename?: string;
  contentType?: string;
  data: Buffer | string;
};

/** A multipart/form-data body with the parts in exactly this order. */
export function multipart(parts: Part[]): {
  body: Buffer;
  contentType: string;
} {
  const boundary = `----videogen-test-${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    let head = `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"`;
    if (part.filename !== undefined) {
      head += `; filename="${part.filename}"`;
    }
    head += '\r\n';
    if (part.contentType) {
      head += `Content-Type: ${part.contentType}\r\n`;
    }
    head += '\r\n';
    chunks.push(
      Buffer.from(head, 'utf8'),
      Buffer.from(part.data),
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    body: Buffer.concat(chunks),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

/** The usual upload: photo, script and environment (in that order). */
export function uploadParts(options: {
  photo: Buffer;
  script: Buffer | string;
  environment?: string;
  photoName?: string;
  scriptAsFile?: boolean;
}): Part[] {
  return [
    {
      name: 'photo',
      filename: options.photoName ?? 'photo.jpg',
      contentType: 'application/octet-stream',
      data: options.photo,
    },
    options.scriptAsFile === false
      ? { name: 'script', data: options.script }
      : {
          name: 'script',
          filename: 'script.txt',
          contentType: 'text/plain',
          data: options.script,
        },
    { name: 'environment', data: options.environment ?? 'local' },
  ];
}
