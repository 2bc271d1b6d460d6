import { authenticatedUserJson } from "../account-json";
import { fullRepositoryJson } from "../repository-json";
import { repoRoute, type ApiRoute } from "../router";

const SIMULATOR_EPOCH = "2024-01-01T00:00:00Z";

export const repositoryRoutes: ApiRoute[] = [
  repoRoute(
    "GET",
    "/repos/{owner}/{repo}",
    "repos/get",
    "https://docs.github.com/rest/repos/repos#get-a-repository",
    async (call) => ({ status: 200, body: fullRepositoryJson(call.context, call.repo) }),
  ),
  {
    method: "GET",
    template: "/user",
    operationId: "users/get-authenticated",
    documentationUrl: "https://docs.github.com/rest/users/users#get-the-authenticated-user",
    async handle(call) {
      return {
        status: 200,
        body: authenticatedUserJson(call.context.apiUrl, call.context.publicUrl, call.actor, SIMULATOR_EPOCH),
      };
    },
  },
];
