import type { Driver } from './types';
import { genericPool, tarn } from './pools';
import { mariadb, mysql, mysql2 } from './mysql';
import { drizzle, knex, kysely, prisma, sequelize, typeorm } from './orm';
import { cassandra, ioredis, mongodb, mongoose, mssql, oracledb, redis, spanner } from './other';
import { neon, pg, pgPoolModule, pgPromise, postgresJs, slonik, vercelPostgres } from './postgres';

export type { AcquireForm, Driver, Factory, ObjectModel, ReleaseForm } from './types';

/** Every driver the plugin knows, in no particular order. */
export const drivers: readonly Driver[] = [
  pg, pgPoolModule, neon, vercelPostgres, postgresJs, pgPromise, slonik,
  mysql2, mysql, mariadb,
  genericPool, tarn,
  typeorm, knex, sequelize, prisma, kysely, drizzle,
  oracledb, mssql, mongodb, mongoose,
  ioredis, redis, cassandra, spanner,
];
