"""Creates a Sandbox opportunity with boto3 against a running cosell server,
as another client would (the console's browser tests watch it arrive).

Run: COSELL_ENDPOINT=http://127.0.0.1:8456 python3 opportunity_boto3.py TITLE [--submittable]
It prints the new opportunity's Id. With --submittable it also associates
the Sandbox test solution, which SubmitOpportunity requires.
"""
import json
import os
import sys
import uuid

import boto3

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    title = sys.argv[1]
    c = boto3.client("partnercentral-selling", endpoint_url=os.environ["COSELL_ENDPOINT"], region_name="us-east-1",
                     aws_access_key_id="AKIDEXAMPLE", aws_secret_access_key="secret")
    with open(os.path.join(HERE, "..", "..", "testdata", "create-full.json")) as f:
        req = json.load(f)
    req["Catalog"] = "Sandbox"
    req["ClientToken"] = str(uuid.uuid4())
    req["Project"]["Title"] = title
    oid = c.create_opportunity(**req)["Id"]
    if "--submittable" in sys.argv[2:]:
        sid = c.list_solutions(Catalog="Sandbox")["SolutionSummaries"][0]["Id"]
        c.associate_opportunity(Catalog="Sandbox", OpportunityIdentifier=oid,
                                RelatedEntityType="Solutions", RelatedEntityIdentifier=sid)
    print(oid)


if __name__ == "__main__":
    main()
