import type { ContractCases } from "~/testing/api-contract";
import { accountCases } from "./account/contract-cases";
import { auditCases } from "./audit/contract-cases";
import { catalogCases } from "./catalog/contract-cases";
import { invoiceCases } from "./invoices/contract-cases";
import { memberCases } from "./members/contract-cases";
import { notificationCases } from "./notifications/contract-cases";
import { reportCases } from "./reports/contract-cases";
import { searchCases } from "./search/contract-cases";
import { teamCases } from "./teams/contract-cases";
import { timeCases } from "./time/contract-cases";
import { timesheetCases } from "./timesheets/contract-cases";
import { webhookCases } from "./webhooks/contract-cases";

/** Every operation's contract cases, by operationId (app/testing/api-contract.ts says what a case is). */
export const cases: ContractCases = {
  ...accountCases,
  ...teamCases,
  ...invoiceCases,
  ...timeCases,
  ...memberCases,
  ...catalogCases,
  ...notificationCases,
  ...searchCases,
  ...reportCases,
  ...auditCases,
  ...timesheetCases,
  ...webhookCases,
};
