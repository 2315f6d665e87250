import { intent } from "./company-action.server";
import { entryFormFields, timerFormInput } from "~/time/inputs";
import { discardTimerOperation, startTimerOperation, stopTimerOperation, switchTimerOperation } from "~/time/operations.server";

/** What every timer control posts (the day view's panel and the header's), with one set of confirmations. */
export const timerIntents = {
  "start-timer": intent({
    operation: startTimerOperation,
    form: timerFormInput,
    formFields: entryFormFields,
    success: () => ({ toast: "Timer started." }),
  }),
  "switch-timer": intent({
    operation: switchTimerOperation,
    form: timerFormInput,
    formFields: entryFormFields,
    success: () => ({ toast: "Timer switched: the time so far is saved as an entry." }),
  }),
  "stop-timer": intent({
    operation: stopTimerOperation,
    success: ({ stopped }) => ({ toast: stopped ? "Timer stopped: its time is saved as an entry." : "No timer was running." }),
  }),
  "discard-timer": intent({ operation: discardTimerOperation, success: () => ({ toast: "Timer discarded." }) }),
};
