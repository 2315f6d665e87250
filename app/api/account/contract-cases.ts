import type { ContractCases } from "~/testing/api-contract";

export const accountCases: ContractCases = {
  getMe: async () => [{ path: "/api/v1/me", expect: 200 }],
  getCompany: async () => [{ path: "/api/v1/company", expect: 200 }],
};
