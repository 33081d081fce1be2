"""boto3's standard retry mode against cosell serve's fault rules, for e2e/faults_test.go.

Credentials come from the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY);
COSELL_ENDPOINT says where. Two modes:

  faults_boto3.py throttle N K   N creates, then K chained updates of the first
                                 opportunity (each a new NextSteps), through
                                 ThrottlingException on Create and Update. Each
                                 call must succeed, each write apply once.
  faults_boto3.py drop ID        two updates of ID while a commit_then_drop rule
                                 fires on every 2nd UpdateOpportunity: the second
                                 commits, its connection drops, boto3 retries
                                 with the same LastModifiedDate and gets
                                 ConflictException: so the partner learns the
                                 first attempt committed.

Prints one JSON object with what happened; exits non-zero when an
expectation fails.
"""
import copy
import json
import os
import sys
import uuid

import boto3
import botocore.config

HERE = os.path.dirname(os.path.abspath(__file__))
WRITABLE = ["PrimaryNeedsFromAws", "NationalSecurity", "PartnerOpportunityIdentifier", "Customer",
            "Project", "OpportunityType", "Marketing", "SoftwareRevenue", "LifeCycle"]

# Standard mode: ThrottlingException and dropped connections are retried
# with exponential backoff. 10 attempts rides through 50% throttling.
c = boto3.client("partnercentral-selling", endpoint_url=os.environ["COSELL_ENDPOINT"], region_name="us-east-1",
                 config=botocore.config.Config(retries={"mode": "standard", "max_attempts": 10}))


def fail(msg):
    print(json.dumps({"failed": msg}))
    sys.exit(1)


def strip_nulls(v):
    if isinstance(v, dict):
        return {k: strip_nulls(x) for k, x in v.items() if x is not None}
    if isinstance(v, list):
        return [strip_nulls(x) for x in v if x is not None]
    return v


def get(oid):
    got = c.get_opportunity(Catalog="Sandbox", Identifier=oid)
    got.pop("ResponseMetadata")
    return got


def update_request(got, next_steps):
    req = strip_nulls({k: copy.deepcopy(got[k]) for k in WRITABLE if k in got})
    req["LifeCycle"].pop("NextStepsHistory", None)
    req["LifeCycle"]["NextSteps"] = next_steps
    req.update(Catalog="Sandbox", Identifier=got["Id"], LastModifiedDate=got["LastModifiedDate"])
    return req


def history(got):
    return [h["Value"] for h in got["LifeCycle"].get("NextStepsHistory", [])]


def throttle(n, k):
    with open(os.path.join(HERE, "..", "testdata", "create-full.json")) as f:
        base = json.load(f)
    retries, ids = 0, []
    for _ in range(n):
        req = dict(base, Catalog="Sandbox", ClientToken=str(uuid.uuid4()))
        out = c.create_opportunity(**req)
        retries += out["ResponseMetadata"]["RetryAttempts"]
        ids.append(out["Id"])
    if len(set(ids)) != n:
        fail("creates returned the same id twice: %s" % ids)
    oid = ids[0]
    before = history(get(oid))
    steps = ["step %d of %s" % (i, uuid.uuid4().hex[:8]) for i in range(k)]
    for s in steps:
        out = c.update_opportunity(**update_request(get(oid), s))
        retries += out["ResponseMetadata"]["RetryAttempts"]
    after = history(get(oid))
    # NextStepsHistory (oldest first) gained each update's NextSteps once,
    # in order: no write lost, none applied twice (a second application
    # would also have made its retry a ConflictException).
    if after[:len(before)] != before or after[len(before):] != steps:
        fail("NextStepsHistory went from %s to %s; want %s appended" % (before, after, steps))
    print(json.dumps({"ids": ids, "retries": retries, "history_added": len(after) - len(before)}))


def drop(oid):
    first = update_request(get(oid), "before the drop")
    out = c.update_opportunity(**first)  # the rule's call 1: answered
    if out["ResponseMetadata"]["RetryAttempts"] != 0:
        fail("the first update was retried")
    second = update_request(get(oid), "answer lost " + uuid.uuid4().hex[:8])
    try:
        c.update_opportunity(**second)  # call 2 commits and drops; call 3, the retry, conflicts
    except c.exceptions.ConflictException as e:
        attempts = e.response["ResponseMetadata"]["RetryAttempts"]
    else:
        fail("the retried update did not conflict")
    got = get(oid)
    if got["LifeCycle"]["NextSteps"] != second["LifeCycle"]["NextSteps"]:
        fail("the dropped update did not commit: NextSteps is %r" % got["LifeCycle"]["NextSteps"])
    if history(got).count(second["LifeCycle"]["NextSteps"]) != 1:
        fail("the dropped update is not once in NextStepsHistory: %s" % history(got))
    print(json.dumps({"retry_attempts": attempts, "next_steps": got["LifeCycle"]["NextSteps"]}))


if __name__ == "__main__":
    if sys.argv[1] == "throttle":
        throttle(int(sys.argv[2]), int(sys.argv[3]))
    else:
        drop(sys.argv[2])
