/** 001: the HSS subscriber table. K and OPc are sealed (see store/sealed.ts). */
export const migration001Subscribers = {
  id: 1,
  name: 'subscribers',
  sql: `
    CREATE TABLE subscribers (
      imsi        TEXT PRIMARY KEY NOT NULL,
      k_sealed    BLOB NOT NULL,
      opc_sealed  BLOB NOT NULL,
      amf         BLOB NOT NULL CHECK (length(amf) = 2),
      sqn         INTEGER NOT NULL CHECK (sqn >= 0 AND sqn < 281474976710656),
      profile     TEXT NOT NULL,
      created_at  TEXT NOT NULL,
      updated_at  TEXT NOT NULL
    ) STRICT;
  `,
} as const;
