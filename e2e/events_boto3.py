"""Writes that publish events, with boto3, for e2e/events_test.go.

COSELL_ENDPOINT says where; credentials come from the environment. Creates
COUNT (default 2) Sandbox opportunities, then updates each twice (Get, change
Project.Title, Update), then associates solution S-1 with the first. Prints
{"Ids": [...]} in creation order.
"""
import copy
import json
import os
import uuid

import boto3
import botocore.config

HERE = os.path.dirname(os.path.abspath(__file__))
WRITABLE = ["PrimaryNeedsFromAws", "NationalSecurity", "PartnerOpportunityIdentifier", "Customer",
            "Project", "OpportunityType", "Marketing", "SoftwareRevenue", "LifeCycle"]

c = boto3.client("partnercentral-selling", endpoint_url=os.environ["COSELL_ENDPOINT"], region_name="us-east-1",
                 config=botocore.config.Config(retries={"max_attempts": 1}))


def strip_nulls(v):
    if isinstance(v, dict):
        return {k: strip_nulls(x) for k, x in v.items() if x is not None}
    if isinstance(v, list):
        return [strip_nulls(x) for x in v if x is not None]
    return v


def update(oid, title):
    got = c.get_opportunity(Catalog="Sandbox", Identifier=oid)
    req = strip_nulls({k: copy.deepcopy(got[k]) for k in WRITABLE if k in got})
    req.get("LifeCycle", {}).pop("NextStepsHistory", None)
    req["Project"]["Title"] = title
    req.update(Catalog="Sandbox", Identifier=oid, LastModifiedDate=got["LastModifiedDate"])
    c.update_opportunity(**req)


with open(os.path.join(HERE, "..", "testdata", "create-full.json")) as f:
    base = json.load(f)
ids = []
for i in range(int(os.environ.get("COUNT", "2"))):
    req = dict(base, Catalog="Sandbox", ClientToken=str(uuid.uuid4()))
    ids.append(c.create_opportunity(**req)["Id"])
for oid in ids:
    update(oid, "First rename")
    update(oid, "Second rename")
c.associate_opportunity(Catalog="Sandbox", OpportunityIdentifier=ids[0], RelatedEntityType="Solutions",
                        RelatedEntityIdentifier="S-1234567")
print(json.dumps({"Ids": ids}))
