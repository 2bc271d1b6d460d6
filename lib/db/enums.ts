// The schema's enums as plain constants. This module has no `server-only` import, so
// client components may use it for labels and filters.
export { JobStatus, RequestStatus, ReviewState, ValueSource } from "./generated/enums";
