// End-to-end flow with the AWS SDK for JavaScript v3 against a running cosell server.
// Run: COSELL_ENDPOINT=http://127.0.0.1:8456 npm test
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { randomUUID } from "node:crypto";
import {
  PartnerCentralSellingClient,
  CreateOpportunityCommand,
  GetOpportunityCommand,
  UpdateOpportunityCommand,
  ListOpportunitiesCommand,
  SubmitOpportunityCommand,
  AssociateOpportunityCommand,
  ConflictException,
  ValidationException,
  ResourceNotFoundException,
  paginateListOpportunities,
} from "@aws-sdk/client-partnercentral-selling";

const endpoint = process.env.COSELL_ENDPOINT;
assert.ok(endpoint, "COSELL_ENDPOINT must be set");
const client = new PartnerCentralSellingClient({
  endpoint,
  region: "us-east-1",
  credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" },
  maxAttempts: 1,
});
const fixture = JSON.parse(readFileSync(new URL("../../testdata/create-full.json", import.meta.url)));
const WRITABLE = ["PrimaryNeedsFromAws", "NationalSecurity", "PartnerOpportunityIdentifier", "Customer",
  "Project", "OpportunityType", "Marketing", "SoftwareRevenue", "LifeCycle"];

async function create(catalog = "Sandbox") {
  const out = await client.send(new CreateOpportunityCommand({ ...fixture, Catalog: catalog, ClientToken: randomUUID() }));
  assert.match(out.Id, /^O\d+$/);
  return out.Id;
}

const get = (Identifier, Catalog = "Sandbox") => client.send(new GetOpportunityCommand({ Catalog, Identifier }));

// Get → keep the writable members → change → send all of it (the JS SDK drops nulls itself).
function updateFrom(got, edit) {
  const req = structuredClone(Object.fromEntries(WRITABLE.filter((k) => got[k] != null).map((k) => [k, got[k]])));
  if (req.LifeCycle) delete req.LifeCycle.NextStepsHistory;
  edit?.(req);
  return new UpdateOpportunityCommand({ ...req, Catalog: got.Catalog, Identifier: got.Id, LastModifiedDate: got.LastModifiedDate });
}

test("create, get, update, stale update", async () => {
  const id = await create();
  const got = await get(id);
  assert.equal(got.LifeCycle.ReviewStatus, "Pending Submission");
  assert.ok(got.LastModifiedDate instanceof Date);
  // Both spellings parse: CreatedDate in whole seconds, LastModifiedDate with milliseconds.
  assert.ok(got.CreatedDate instanceof Date && got.CreatedDate.getUTCMilliseconds() === 0);
  assert.ok(got.LastModifiedDate >= got.CreatedDate);
  assert.equal(got.OpportunityTeam[0].BusinessTitle, "OpportunityOwner");
  const out = await client.send(updateFrom(got, (r) => { r.Project.Title = "From JS"; }));
  assert.equal(out.Id, id);
  assert.ok(out.LastModifiedDate > got.LastModifiedDate);
  await assert.rejects(client.send(updateFrom(got, (r) => { r.Project.Title = "stale"; })), ConflictException);
  assert.equal((await get(id)).Project.Title, "From JS");
});

test("submit, simulated review, Action Required edits", async () => {
  const id = await create();
  await client.send(new AssociateOpportunityCommand({ Catalog: "Sandbox", OpportunityIdentifier: id, RelatedEntityType: "Solutions", RelatedEntityIdentifier: "S-1234567" }));
  await client.send(new SubmitOpportunityCommand({ Catalog: "Sandbox", Identifier: id, InvolvementType: "Co-Sell" }));
  let got = await get(id);
  await client.send(updateFrom(got, (r) => { r.LifeCycle.ReviewStatus = "Action Required"; r.LifeCycle.ReviewComments = "Fix the city"; }));
  got = await get(id);
  assert.equal(got.LifeCycle.ReviewStatus, "Action Required");
  const err = await client.send(updateFrom(got, (r) => { r.Project.Title = "no"; })).catch((e) => e);
  assert.ok(err instanceof ValidationException, String(err));
  assert.equal(err.Reason, "BUSINESS_VALIDATION_FAILED");
  assert.deepEqual(err.ErrorList.map((e) => [e.FieldName, e.Code]), [["Project.Title", "ACTION_NOT_PERMITTED"]]);
  await client.send(updateFrom(got, (r) => { r.Customer.Account.Address.City = "Tacoma"; }));
  assert.equal((await get(id)).LifeCycle.ReviewStatus, "Submitted");
});

test("list with filters and pagination", async () => {
  const ids = new Set([await create("AWS"), await create("AWS"), await create("AWS")]);
  const seen = [];
  for await (const page of paginateListOpportunities({ client, pageSize: 2 }, { Catalog: "AWS", LifeCycleStage: ["Qualified"] })) {
    seen.push(...page.OpportunitySummaries.map((s) => s.Id));
  }
  for (const id of ids) assert.ok(seen.includes(id), `${id} missing from ${seen}`);
  assert.equal(new Set(seen).size, seen.length);
  const out = await client.send(new ListOpportunitiesCommand({ Catalog: "AWS", LifeCycleStage: ["Closed Lost"] }));
  assert.deepEqual(out.OpportunitySummaries, []);
});

test("error paths", async () => {
  await assert.rejects(get("O999999999", "AWS"), ResourceNotFoundException);
  const err = await client.send(new CreateOpportunityCommand({ ...fixture, Catalog: "AWS", ClientToken: randomUUID(), NationalSecurity: "Maybe" })).catch((e) => e);
  assert.ok(err instanceof ValidationException, String(err));
  assert.equal(err.Reason, "REQUEST_VALIDATION_FAILED");
  assert.equal(err.$metadata.httpStatusCode, 400);
});
