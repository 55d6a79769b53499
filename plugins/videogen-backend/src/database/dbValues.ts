// The two databases hand values back differently: PostgreSQL returns
// timestamptz as Date and bigint as string, SQLite (better-sqlite3) returns
// the epoch milliseconds the application wrote and numbers as numbers.

export type DbTime = Date | string | number | null | undefined;

export function toDate(value: DbTime): Date | undefined {
  if (value === null || value === undefined) {
    return undefined;
  }
  if (value instanceof Date) {
    return value;
  }
  if (typeof value === 'number') {
    return new Date(value);
  }
  if (/^\d+$/.test(value)) {
    return new Date(Number(value));
  }
  return new Date(
    value.includes('T') || /[zZ]|[+-]\d\d(:?\d\d)?$/.test(value)
      ? value
      : `${value.replace(' ', 'T')}Z`,
  );
}

export function toIso(value: DbTime): string | undefined {
  return toDate(value)?.toISOString();
}

export function toNumber(
  value: number | string | null | undefined,
): number | undefined {
  if (value === null || value === undefined) {
    return undefined;
  }
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}
