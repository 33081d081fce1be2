"""One signed CreateOpportunity with boto3, for e2e/world_test.go.

Credentials come from the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
AWS_SESSION_TOKEN); COSELL_ENDPOINT and CLIENT_TOKEN say where and which
token. Prints {"Id": ...} on success, {"Error": code} on a service error.
"""
import json
import os

import boto3
import botocore.config
import botocore.exceptions

HERE = os.path.dirname(os.path.abspath(__file__))

with open(os.path.join(HERE, "..", "testdata", "create-full.json")) as f:
    req = json.load(f)
req["Catalog"] = "Sandbox"
req["ClientToken"] = os.environ["CLIENT_TOKEN"]

c = boto3.client("partnercentral-selling", endpoint_url=os.environ["COSELL_ENDPOINT"], region_name="us-east-1",
                 config=botocore.config.Config(retries={"max_attempts": 1}))
try:
    print(json.dumps({"Id": c.create_opportunity(**req)["Id"]}))
except botocore.exceptions.ClientError as e:
    print(json.dumps({"Error": e.response["Error"]["Code"]}))
