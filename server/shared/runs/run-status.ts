// The run states are defined with the database enum; pages take them through here (app → server → db).
export { isRunStatus, RUN_ORIGINS, RUN_STATUSES, TERMINAL_RUN_STATUSES, type RunOrigin, type RunStatus } from '@/db/schema/run-status';
