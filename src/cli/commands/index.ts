import { CliCommand } from '../command';
import { dbMigrate, dbRevert, dbStatus } from './db.commands';

/** Every CLI command; features add theirs here. */
export const COMMANDS: CliCommand[] = [dbMigrate, dbRevert, dbStatus];
