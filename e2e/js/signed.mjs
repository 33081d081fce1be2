// One signed CreateOpportunity with the AWS SDK for JavaScript v3, for
// e2e/world_test.go (not a node --test file: it runs only when called).
// Credentials come from the environment (AWS_ACCESS_KEY_ID,
// AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN); COSELL_ENDPOINT and
// CLIENT_TOKEN say where and which token. Prints {"Id": ...} on success,
// {"Error": name} on a service error.
import { readFileSync } from "node:fs";
import { PartnerCentralSellingClient, CreateOpportunityCommand } from "@aws-sdk/client-partnercentral-selling";

const client = new PartnerCentralSellingClient({
  endpoint: process.env.COSELL_ENDPOINT,
  region: "us-east-1",
  maxAttempts: 1,
});
const req = JSON.parse(readFileSync(new URL("../../testdata/create-full.json", import.meta.url)));
try {
  const out = await client.send(new CreateOpportunityCommand({ ...req, Catalog: "Sandbox", ClientToken: process.env.CLIENT_TOKEN }));
  console.log(JSON.stringify({ Id: out.Id }));
} catch (e) {
  if (!e.$metadata) throw e;
  console.log(JSON.stringify({ Error: e.name }));
}
