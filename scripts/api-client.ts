import { writeFile } from "node:fs/promises";
import { apiClientFiles } from "./api-client-files";

/** npm run api:client: regenerates client/ from the endpoint registry. */
for (const [path, text] of Object.entries(await apiClientFiles())) {
  await writeFile(path, text);
  console.log(`wrote ${path}`);
}
