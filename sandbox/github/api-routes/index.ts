import type { ApiRoute } from "../router";
import { appRoutes } from "./app-routes";
import { contentRoutes } from "./content-routes";
import { gitObjectRoutes } from "./git-object-routes";
import { gitRefRoutes } from "./git-ref-routes";
import { issueRoutes } from "./issue-routes";
import { membershipRoutes } from "./membership-routes";
import { pullRoutes } from "./pull-routes";
import { repositoryRoutes } from "./repository-routes";
import { reviewRoutes } from "./review-routes";
import { statusRoutes } from "./status-routes";

export const apiRoutes: ApiRoute[] = [
  ...repositoryRoutes,
  ...gitRefRoutes,
  ...gitObjectRoutes,
  ...contentRoutes,
  ...pullRoutes,
  ...reviewRoutes,
  ...issueRoutes,
  ...statusRoutes,
  ...membershipRoutes,
  ...appRoutes,
];
