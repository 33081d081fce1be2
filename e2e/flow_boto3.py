"""End-to-end flow with boto3 against a running cosell server.

Run: COSELL_ENDPOINT=http://127.0.0.1:8456 python3 e2e/flow_boto3.py
It exits non-zero when any assertion fails (unittest).
"""
import copy
import json
import os
import sys
import unittest
import uuid

import boto3
import botocore

ENDPOINT = os.environ["COSELL_ENDPOINT"]
HERE = os.path.dirname(os.path.abspath(__file__))
WRITABLE = ["PrimaryNeedsFromAws", "NationalSecurity", "PartnerOpportunityIdentifier", "Customer",
            "Project", "OpportunityType", "Marketing", "SoftwareRevenue", "LifeCycle"]


def client():
    return boto3.client("partnercentral-selling", endpoint_url=ENDPOINT, region_name="us-east-1",
                        aws_access_key_id="AKIDEXAMPLE", aws_secret_access_key="secret")


def create_request(catalog):
    with open(os.path.join(HERE, "..", "testdata", "create-full.json")) as f:
        req = json.load(f)
    req["Catalog"] = catalog
    req["ClientToken"] = str(uuid.uuid4())
    return req


def strip_nulls(v):
    if isinstance(v, dict):
        return {k: strip_nulls(x) for k, x in v.items() if x is not None}
    if isinstance(v, list):
        return [strip_nulls(x) for x in v if x is not None]
    return v


def update_from(got, **changes):
    """What a partner does: GetOpportunity, keep the writable members, change some, send it all."""
    req = {k: copy.deepcopy(got[k]) for k in WRITABLE if k in got}
    lc = req.get("LifeCycle", {})
    lc.pop("NextStepsHistory", None)
    req = strip_nulls(req)
    req.update(Catalog=got["Catalog"], Identifier=got["Id"], LastModifiedDate=got["LastModifiedDate"])
    for path, value in changes.items():
        node = req
        keys = path.split("__")
        for k in keys[:-1]:
            node = node.setdefault(k, {})
        node[keys[-1]] = value
    return req


class Flow(unittest.TestCase):
    def setUp(self):
        self.c = client()

    def create(self, catalog="Sandbox"):
        out = self.c.create_opportunity(**create_request(catalog))
        self.assertRegex(out["Id"], r"^O\d+$")
        return out["Id"]

    def get(self, oid, catalog="Sandbox"):
        got = self.c.get_opportunity(Catalog=catalog, Identifier=oid)
        got.pop("ResponseMetadata")
        return got

    def test_other_solution(self):
        # OtherSolutionDescription stands for the "Other" solution at submission,
        # and associating a solution drops it.
        c = self.c
        ids = []
        for _ in range(2):
            req = create_request("Sandbox")
            req["Project"]["OtherSolutionDescription"] = "Acme Data Lake"
            ids.append(c.create_opportunity(**req)["Id"])
        c.submit_opportunity(Catalog="Sandbox", Identifier=ids[0], InvolvementType="Co-Sell")
        got = self.get(ids[0])
        self.assertEqual(got["LifeCycle"]["ReviewStatus"], "Submitted")
        self.assertEqual(got["Project"]["OtherSolutionDescription"], "Acme Data Lake")
        c.associate_opportunity(Catalog="Sandbox", OpportunityIdentifier=ids[1],
                                RelatedEntityType="Solutions", RelatedEntityIdentifier="S-1234567")
        self.assertNotIn("OtherSolutionDescription", self.get(ids[1])["Project"])

    def test_settings_solutions_tags(self):
        # Issue 8: selling-system settings, the solution catalog, associating
        # the Sandbox test solution, and tags on the opportunity.
        c = self.c
        self.assertNotIn("ResourceSnapshotJobRoleArn", c.get_selling_system_settings(Catalog="AWS"))
        out = c.put_selling_system_settings(Catalog="Sandbox", ResourceSnapshotJobRoleIdentifier="SnapshotJobRole")
        role = "arn:aws:iam::123456789012:role/SnapshotJobRole"
        self.assertEqual((out["Catalog"], out["ResourceSnapshotJobRoleArn"]), ("Sandbox", role))
        got = c.get_selling_system_settings(Catalog="Sandbox")
        self.assertEqual((got["Catalog"], got["ResourceSnapshotJobRoleArn"]), ("Sandbox", role))

        sols = [s for page in c.get_paginator("list_solutions").paginate(Catalog="Sandbox") for s in page["SolutionSummaries"]]
        self.assertEqual([(s["Id"], s["Status"], s["Catalog"]) for s in sols], [("S-1234567", "Active", "Sandbox")])
        self.assertEqual(sols[0]["Arn"], "arn:aws:partnercentral:us-east-1:123456789012:catalog/Sandbox/solution/S-1234567")
        self.assertEqual(c.list_solutions(Catalog="AWS")["SolutionSummaries"], [])
        self.assertEqual(c.list_solutions(Catalog="Sandbox", Status=["Draft"])["SolutionSummaries"], [])

        oid = self.create()
        with self.assertRaises(c.exceptions.ResourceNotFoundException):
            c.associate_opportunity(Catalog="Sandbox", OpportunityIdentifier=oid,
                                    RelatedEntityType="Solutions", RelatedEntityIdentifier="S-7654321")
        c.associate_opportunity(Catalog="Sandbox", OpportunityIdentifier=oid,
                                RelatedEntityType="Solutions", RelatedEntityIdentifier=sols[0]["Id"])
        got = self.get(oid)
        self.assertEqual(got["RelatedEntityIdentifiers"]["Solutions"], ["S-1234567"])

        arn = got["Arn"]
        self.assertEqual(c.list_tags_for_resource(ResourceArn=arn)["Tags"], [])
        c.tag_resource(ResourceArn=arn, Tags=[{"Key": "crm", "Value": "CRM-0042"}, {"Key": "team", "Value": "emea"}])
        c.tag_resource(ResourceArn=arn, Tags=[{"Key": "team", "Value": "apac"}])
        self.assertEqual(c.list_tags_for_resource(ResourceArn=arn)["Tags"],
                         [{"Key": "crm", "Value": "CRM-0042"}, {"Key": "team", "Value": "apac"}])
        c.untag_resource(ResourceArn=arn, TagKeys=["crm", "absent"])
        self.assertEqual(c.list_tags_for_resource(ResourceArn=arn)["Tags"], [{"Key": "team", "Value": "apac"}])
        self.assertEqual(self.get(oid)["LastModifiedDate"], got["LastModifiedDate"])

        with self.assertRaises(c.exceptions.ResourceNotFoundException):
            c.list_tags_for_resource(ResourceArn=arn.rsplit("/", 1)[0] + "/O999999999")
        with self.assertRaises(c.exceptions.ValidationException):
            c.tag_resource(ResourceArn=arn.replace("/opportunity/" + oid, "/engagement/eng-xhyvbgfeme4xh4"),
                           Tags=[{"Key": "k", "Value": "v"}])

    def test_lifecycle(self):
        c = self.c
        oid = self.create()
        got = self.get(oid)
        self.assertEqual(got["LifeCycle"]["ReviewStatus"], "Pending Submission")
        self.assertEqual(got["Project"]["ExpectedCustomerSpend"][0]["TargetCompany"], "AWS")
        # botocore parses both timestamp spellings: CreatedDate in whole seconds,
        # LastModifiedDate with milliseconds, never before CreatedDate.
        self.assertEqual(got["CreatedDate"].microsecond, 0)
        self.assertGreaterEqual(got["LastModifiedDate"], got["CreatedDate"])
        self.assertEqual(got["OpportunityTeam"][0]["BusinessTitle"], "OpportunityOwner")

        # Update: Get → modify → Update; the new LastModifiedDate comes back.
        out = c.update_opportunity(**update_from(got, Project__Title="Renamed"))
        self.assertEqual(out["Id"], oid)
        self.assertGreater(out["LastModifiedDate"], got["LastModifiedDate"])
        self.assertEqual(self.get(oid)["Project"]["Title"], "Renamed")

        # Stale update: the old LastModifiedDate is a conflict, and nothing changes.
        with self.assertRaises(c.exceptions.ConflictException):
            c.update_opportunity(**update_from(got, Project__Title="Lost update"))
        self.assertEqual(self.get(oid)["Project"]["Title"], "Renamed")

        # Submit needs a solution (or an OtherSolutionDescription).
        with self.assertRaises(c.exceptions.ValidationException) as cm:
            c.submit_opportunity(Catalog="Sandbox", Identifier=oid, InvolvementType="Co-Sell")
        self.assertEqual(cm.exception.response["ErrorList"][0]["Code"], "NOT_ENOUGH_VALUES")
        c.associate_opportunity(Catalog="Sandbox", OpportunityIdentifier=oid,
                                RelatedEntityType="Solutions", RelatedEntityIdentifier="S-1234567")
        c.submit_opportunity(Catalog="Sandbox", Identifier=oid, InvolvementType="Co-Sell")
        got = self.get(oid)
        self.assertEqual(got["LifeCycle"]["ReviewStatus"], "Submitted")

        # Partner edits are refused while AWS reviews.
        with self.assertRaises(c.exceptions.ValidationException) as cm:
            c.update_opportunity(**update_from(got, LifeCycle__NextSteps="ping"))
        self.assertEqual(cm.exception.response["Reason"], "BUSINESS_VALIDATION_FAILED")
        self.assertEqual(cm.exception.response["ErrorList"][0]["Code"], "ACTION_NOT_PERMITTED")

        # Simulated review: Action Required with comments.
        c.update_opportunity(**update_from(got, LifeCycle__ReviewStatus="Action Required",
                                           LifeCycle__ReviewComments="Add the customer website"))
        got = self.get(oid)
        self.assertEqual(got["LifeCycle"]["ReviewStatus"], "Action Required")
        self.assertEqual(got["LifeCycle"]["ReviewComments"], "Add the customer website")

        # Action Required: a non-editable field is refused by path...
        with self.assertRaises(c.exceptions.ValidationException) as cm:
            c.update_opportunity(**update_from(got, Project__Title="Not allowed now"))
        fields = [(e["FieldName"], e["Code"]) for e in cm.exception.response["ErrorList"]]
        self.assertEqual(fields, [("Project.Title", "ACTION_NOT_PERMITTED")])
        # ...the editable subset passes and the opportunity goes back to review.
        c.update_opportunity(**update_from(got, Customer__Account__WebsiteUrl="https://example.org"))
        got = self.get(oid)
        self.assertEqual(got["LifeCycle"]["ReviewStatus"], "Submitted")
        c.update_opportunity(**update_from(got, LifeCycle__ReviewStatus="Approved"))
        self.assertEqual(self.get(oid)["LifeCycle"]["ReviewStatus"], "Approved")

        # List finds it by review status.
        ids = [s["Id"] for s in c.list_opportunities(Catalog="Sandbox", LifeCycleReviewStatus=["Approved"])["OpportunitySummaries"]]
        self.assertIn(oid, ids)

    def test_validation_reports_every_field(self):
        req = create_request("AWS")
        req["Customer"]["Account"]["Duns"] = "12"
        req["Project"]["ExpectedCustomerSpend"][0]["CurrencyCode"] = "XXX"
        req["LifeCycle"]["Stage"] = "Won"
        with self.assertRaises(self.c.exceptions.ValidationException) as cm:
            self.c.create_opportunity(**req)
        r = cm.exception.response
        self.assertEqual(r["Reason"], "REQUEST_VALIDATION_FAILED")
        self.assertEqual(sorted((e["FieldName"], e["Code"]) for e in r["ErrorList"]), [
            ("Customer.Account.Duns", "INVALID_STRING_FORMAT"),
            ("LifeCycle.Stage", "INVALID_ENUM_VALUE"),
            ("Project.ExpectedCustomerSpend[0].CurrencyCode", "INVALID_ENUM_VALUE"),
        ])
        self.assertEqual(r["ResponseMetadata"]["HTTPStatusCode"], 400)

    def test_not_found_and_catalog_isolation(self):
        oid = self.create("AWS")
        with self.assertRaises(self.c.exceptions.ResourceNotFoundException):
            self.c.get_opportunity(Catalog="Sandbox", Identifier=oid)

    def test_idempotent_create(self):
        req = create_request("AWS")
        first = self.c.create_opportunity(**req)["Id"]
        self.assertEqual(self.c.create_opportunity(**req)["Id"], first)
        req["Project"]["Title"] = "Another body"
        with self.assertRaises(self.c.exceptions.ConflictException):
            self.c.create_opportunity(**req)

    def test_paginator(self):
        catalog_ids = {self.create("AWS") for _ in range(3)}
        seen = []
        for page in self.c.get_paginator("list_opportunities").paginate(Catalog="AWS", PaginationConfig={"PageSize": 2}):
            seen += [s["Id"] for s in page["OpportunitySummaries"]]
        self.assertTrue(catalog_ids <= set(seen))
        self.assertEqual(len(seen), len(set(seen)))

    def test_unknown_operation_and_bad_json(self):
        import urllib.request, urllib.error
        for body, target, want in [(b"{", "AWSPartnerCentralSelling.GetOpportunity", "SerializationException"),
                                   (b"{}", "AWSPartnerCentralSelling.Nope", "UnknownOperationException")]:
            r = urllib.request.Request(ENDPOINT + "/", data=body, method="POST",
                                       headers={"X-Amz-Target": target, "Content-Type": "application/x-amz-json-1.0"})
            with self.assertRaises(urllib.error.HTTPError) as cm:
                urllib.request.urlopen(r)
            self.assertEqual(cm.exception.code, 400)
            self.assertEqual(json.loads(cm.exception.read())["__type"], want)


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0], "-v"])
