/**
 * Teams: community digital teams and the staff who belong to them. Owns `teams` and `staff_teams`.
 */
export { allTeams, findTeam, teamOfStaff } from './teams.repository.js';
export { teamRoutes } from './teams.routes.js';
export { placeText, teamResponse } from './teams.schemas.js';
export { createTeam, teamOf, teamToResponse } from './teams.service.js';
