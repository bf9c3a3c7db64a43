import type { Driver } from './types';
import { genericPool, tarn } from './pools';
import { mariadb, mysql, mysql2 } from './mysql';
import { knex, prisma, sequelize, typeorm } from './orm';
import { mongodb, mongoose, mssql, oracledb } from './other';
import { neon, pg, pgPoolModule, pgPromise, postgresJs, slonik, vercelPostgres } from './postgres';

export type { AcquireForm, Driver, Factory, ObjectModel, ReleaseForm } from './types';

/** Every driver the plugin knows, in no particular order. */
export const drivers: readonly Driver[] = [
  pg, pgPoolModule, neon, vercelPostgres, postgresJs, pgPromise, slonik,
  mysql2, mysql, mariadb,
  genericPool, tarn,
  typeorm, knex, sequelize, prisma,
  oracledb, mssql, mongodb, mongoose,
];
