/** TS 29.558 §7.x: the Eecs_EESRegistration API root path. */
export const EECS_BASE = '/eecs-eesregistration/v1';
