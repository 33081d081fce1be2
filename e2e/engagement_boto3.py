"""The five engagement flows of issue 7 with signed boto3 clients, for
e2e/engagement_test.go.

Environment: COSELL_ENDPOINT; for each account X in A, B, C: X_ACCOUNT,
X_KEY, X_SECRET. Arguments: the flows to run (default: all). Prints one line
per flow and exits non-zero if any assertion failed.
"""
import copy
import datetime
import json
import os
import sys
import traceback
import uuid

import boto3
import botocore.config
import botocore.exceptions

HERE = os.path.dirname(os.path.abspath(__file__))
ENDPOINT = os.environ["COSELL_ENDPOINT"]
CAT = "Sandbox"
WRITABLE = ["PrimaryNeedsFromAws", "NationalSecurity", "PartnerOpportunityIdentifier", "Customer",
            "Project", "OpportunityType", "Marketing", "SoftwareRevenue", "LifeCycle"]


def client(who):
    return boto3.client("partnercentral-selling", endpoint_url=ENDPOINT, region_name="us-east-1",
                        aws_access_key_id=os.environ[who + "_KEY"],
                        aws_secret_access_key=os.environ[who + "_SECRET"],
                        config=botocore.config.Config(retries={"max_attempts": 1}))


A, B, C = client("A"), client("B"), client("C")
ACCT = {w: os.environ[w + "_ACCOUNT"] for w in "ABC"}


def check(cond, msg, *args):
    if not cond:
        raise AssertionError(msg % args if args else msg)


def eq(got, want, what):
    check(got == want, "%s: got %r, want %r", what, got, want)


def expect_error(code, fn, **kw):
    """Calls fn(**kw) and asserts the service answers error code."""
    try:
        out = fn(**kw)
    except botocore.exceptions.ClientError as e:
        got = e.response["Error"]["Code"]
        check(got == code, "%s: got %s (%s), want %s", fn.__name__, got, e.response["Error"].get("Message"), code)
        return e
    raise AssertionError("%s succeeded (%r), want %s" % (fn.__name__, out, code))


def token():
    return str(uuid.uuid4())


def create_request(**changes):
    with open(os.path.join(HERE, "..", "testdata", "create-full.json")) as f:
        req = json.load(f)
    req["Catalog"] = CAT
    req["ClientToken"] = token()
    req.update(changes)
    return req


def strip_nulls(v):
    if isinstance(v, dict):
        return {k: strip_nulls(x) for k, x in v.items() if x is not None}
    if isinstance(v, list):
        return [strip_nulls(x) for x in v if x is not None]
    return v


def get_opp(c, oid):
    got = c.get_opportunity(Catalog=CAT, Identifier=oid)
    got.pop("ResponseMetadata")
    return got


def update_from(got, **changes):
    """GetOpportunity's writable members with changes (path a__b), as an update."""
    req = {k: copy.deepcopy(got[k]) for k in WRITABLE if k in got}
    req.get("LifeCycle", {}).pop("NextStepsHistory", None)
    req = strip_nulls(req)
    req.update(Catalog=got["Catalog"], Identifier=got["Id"], LastModifiedDate=got["LastModifiedDate"])
    for path, value in changes.items():
        node = req
        keys = path.split("__")
        for k in keys[:-1]:
            node = node.setdefault(k, {})
        node[keys[-1]] = value
    return req


def change(c, oid, **changes):
    return c.update_opportunity(**update_from(get_opp(c, oid), **changes))


def review(c, oid, status):
    """The Sandbox review simulation: an update sending LifeCycle.ReviewStatus."""
    change(c, oid, LifeCycle__ReviewStatus=status)


def submitted(c):
    """A new opportunity with a solution, submitted through StartEngagementFromOpportunityTask."""
    oid = c.create_opportunity(**create_request())["Id"]
    c.associate_opportunity(Catalog=CAT, OpportunityIdentifier=oid, RelatedEntityType="Solutions",
                            RelatedEntityIdentifier="S-1234567")
    task = c.start_engagement_from_opportunity_task(Catalog=CAT, ClientToken=token(), Identifier=oid,
                                                    AwsSubmission={"InvolvementType": "Co-Sell", "Visibility": "Full"})
    return oid, task


def invitations(c, participant, **kw):
    out = c.list_engagement_invitations(Catalog=CAT, ParticipantType=participant, **kw)
    return out["EngagementInvitationSummaries"]


def referral(c):
    """A Sandbox AWS referral created by c: (opportunity id, invitation id)."""
    before = {s["Id"] for s in invitations(c, "RECEIVER")}
    oid = c.create_opportunity(**create_request(Origin="AWS Referral"))["Id"]
    new = [s for s in invitations(c, "RECEIVER") if s["Id"] not in before]
    check(len(new) == 1, "referral %s: new invitations %r", oid, new)
    return oid, new[0]


def lead_context():
    return {"Lead": {
        "QualificationStatus": "Qualified",
        "Customer": {"CompanyName": "Lead Corp", "Industry": "Software and Internet", "WebsiteUrl": "https://lead.example.com",
                     "Address": {"City": "Austin", "PostalCode": "78701", "StateOrRegion": "Texas", "CountryCode": "US"}},
        "Interactions": [{"SourceType": "Website", "SourceId": "form-1", "SourceName": "Contact us",
                          "CustomerAction": "Requested a call", "BusinessProblem": "The customer needs to modernise its data platform.",
                          "Contact": {"BusinessTitle": "CIO", "Email": "cio@lead.example.com", "FirstName": "Lee", "LastName": "Ad"}}],
    }}


def flow_referral():
    # Accepted.
    oid, summary = referral(A)
    inv_id = summary["Id"]
    eq(summary["Status"], "PENDING", "invitation status")
    eq(summary["PayloadType"], "OpportunityInvitation", "payload type")
    eq(summary["SenderAwsAccountId"], "aws", "sender")
    expect_error("ResourceNotFoundException", A.get_opportunity, Catalog=CAT, Identifier=oid)
    inv = A.get_engagement_invitation(Catalog=CAT, Identifier=inv_id)
    shown = json.dumps(inv, default=str)
    for hidden in ["410 Terry Ave N", "jane.doe@example.com", "111122223333"]:
        check(hidden not in shown, "the invitation shows %r before acceptance", hidden)
    eq(inv["Payload"]["OpportunityInvitation"]["Customer"]["CompanyName"], "Example Corp", "payload customer")
    eq(inv["ExpirationDate"] - inv["InvitationDate"], datetime.timedelta(days=15), "ExpirationDate - InvitationDate")
    task = A.start_engagement_by_accepting_invitation_task(Catalog=CAT, ClientToken=token(), Identifier=inv_id)
    eq(task["TaskStatus"], "COMPLETE", "accept task status")
    eq(task["OpportunityId"], oid, "accept task opportunity")
    eq(A.get_engagement_invitation(Catalog=CAT, Identifier=inv_id)["Status"], "ACCEPTED", "invitation after the task")
    got = get_opp(A, oid)
    eq(got["Project"]["Title"], "Data lake migration", "title")
    A.update_opportunity(**update_from(got, LifeCycle__NextSteps="Call AWS"))
    eq(get_opp(A, oid)["LifeCycle"]["NextSteps"], "Call AWS", "NextSteps after the update")
    eq(A.get_aws_opportunity_summary(Catalog=CAT, RelatedOpportunityIdentifier=oid)["Origin"], "AWS Referral", "summary origin")
    # B sees none of it.
    expect_error("ResourceNotFoundException", B.get_engagement_invitation, Catalog=CAT, Identifier=inv_id)
    expect_error("ResourceNotFoundException", B.get_opportunity, Catalog=CAT, Identifier=oid)

    # Rejected.
    oid2, summary2 = referral(A)
    A.reject_engagement_invitation(Catalog=CAT, Identifier=summary2["Id"], RejectionReason="Customer problem unclear")
    eq(A.get_engagement_invitation(Catalog=CAT, Identifier=summary2["Id"])["Status"], "REJECTED", "rejected invitation")
    expect_error("ResourceNotFoundException", A.get_opportunity, Catalog=CAT, Identifier=oid2)
    expect_error("ConflictException", A.start_engagement_by_accepting_invitation_task,
                 Catalog=CAT, ClientToken=token(), Identifier=summary2["Id"])


def flow_partner():
    oid, task = submitted(A)
    eq(task["TaskStatus"], "COMPLETE", "submission task status")
    for k in ["EngagementId", "EngagementInvitationId", "ResourceSnapshotJobId"]:
        check(task.get(k), "submission task lacks %s: %r", k, task)
    eq(get_opp(A, oid)["LifeCycle"]["ReviewStatus"], "Submitted", "ReviewStatus after the task")
    eq(A.get_engagement_invitation(Catalog=CAT, Identifier=task["EngagementInvitationId"])["Status"], "PENDING",
       "invitation to AWS before the review")
    review(A, oid, "Approved")
    eq(get_opp(A, oid)["LifeCycle"]["ReviewStatus"], "Approved", "ReviewStatus after the review")
    eq(A.get_engagement_invitation(Catalog=CAT, Identifier=task["EngagementInvitationId"])["Status"], "ACCEPTED",
       "invitation to AWS after approval")
    eq(A.get_engagement(Catalog=CAT, Identifier=task["EngagementId"])["MemberCount"], 2, "MemberCount")
    eq(A.get_aws_opportunity_summary(Catalog=CAT, RelatedOpportunityIdentifier=oid)["InvolvementType"], "Co-Sell",
       "summary InvolvementType")
    listed = A.list_engagement_from_opportunity_tasks(Catalog=CAT, OpportunityIdentifier=[oid])["TaskSummaries"]
    eq([t["TaskId"] for t in listed], [task["TaskId"]], "listed submission tasks")


def lead_invitation(eng, to):
    return dict(Catalog=CAT, ClientToken=token(), EngagementIdentifier=eng, Invitation={
        "Message": "Please help", "Receiver": {"Account": {"AwsAccountId": to}},
        "Payload": {"LeadInvitation": {
            "Customer": {"CompanyName": "Lead Corp", "CountryCode": "US"},
            "Interaction": {"SourceType": "Website", "SourceId": "form-1", "SourceName": "Contact us", "ContactBusinessTitle": "CIO"},
        }}})


def flow_lead():
    eng = A.create_engagement(Catalog=CAT, ClientToken=token(), Title="Lead Corp", Description="A lead",
                              Contexts=[{"Type": "Lead", "Payload": lead_context()}])["Id"]
    expect_error("ValidationException", A.create_engagement_invitation, **lead_invitation(eng, ACCT["C"]))
    inv = A.create_engagement_invitation(**lead_invitation(eng, ACCT["B"]))
    expect_error("ResourceNotFoundException", B.get_engagement, Catalog=CAT, Identifier=eng)
    received = [s for s in invitations(B, "RECEIVER") if s["Id"] == inv["Id"]]
    check(len(received) == 1 and received[0]["SenderCompanyName"] == "Alpha Cloud Partners" and received[0]["PayloadType"] == "LeadInvitation",
          "B's received invitations: %r", received)
    expect_error("AccessDeniedException", A.accept_engagement_invitation, Catalog=CAT, Identifier=inv["Id"])
    expect_error("ResourceNotFoundException", C.get_engagement_invitation, Catalog=CAT, Identifier=inv["Id"])
    B.accept_engagement_invitation(Catalog=CAT, Identifier=inv["Id"])
    e = B.get_engagement(Catalog=CAT, Identifier=eng)
    eq(e["MemberCount"], 2, "MemberCount")
    contact = e["Contexts"][0]["Payload"]["Lead"]["Interactions"][0]["Contact"]
    eq(contact["Email"], "cio@lead.example.com", "the lead's contact seen by B")
    modified = e["ModifiedAt"]
    check(isinstance(modified, datetime.datetime), "ModifiedAt %r", modified)

    def update(at):
        lead = lead_context()["Lead"]
        return B.update_engagement_context(Catalog=CAT, EngagementIdentifier=eng, ContextIdentifier="1",
                                           EngagementLastModifiedAt=at, Type="Lead",
                                           Payload={"Lead": {"QualificationStatus": "Qualified", "Customer": lead["Customer"],
                                                             "Interaction": lead["Interactions"][0]}})
    expect_error("ConflictException", update, at=datetime.datetime(2020, 1, 1, tzinfo=datetime.timezone.utc))
    up = update(modified)  # the datetime boto3 parsed: the microsecond round trip
    check(up["EngagementLastModifiedAt"] != modified, "EngagementLastModifiedAt did not move: %r", up)
    expect_error("ConflictException", update, at=modified)  # stale now
    task = B.start_opportunity_from_engagement_task(Catalog=CAT, ClientToken=token(), Identifier=eng, ContextIdentifier="1")
    eq(task["TaskStatus"], "COMPLETE", "conversion task status")
    opp = get_opp(B, task["OpportunityId"])
    eq(opp["Customer"]["Account"]["CompanyName"], "Lead Corp", "converted customer")
    eq(opp["LifeCycle"]["ReviewStatus"], "Pending Submission", "converted ReviewStatus")
    expect_error("ResourceNotFoundException", A.get_opportunity, Catalog=CAT, Identifier=task["OpportunityId"])
    expect_error("ResourceNotFoundException", C.get_opportunity, Catalog=CAT, Identifier=task["OpportunityId"])
    listed = B.list_opportunity_from_engagement_tasks(Catalog=CAT, EngagementIdentifier=[eng])["TaskSummaries"]
    eq([t["TaskId"] for t in listed], [task["TaskId"]], "B's conversion tasks")
    eq(A.list_opportunity_from_engagement_tasks(Catalog=CAT, EngagementIdentifier=[eng])["TaskSummaries"], [], "A's conversion tasks")


def snapshot_payload(c, eng, oid, revision=None):
    kw = dict(Catalog=CAT, EngagementIdentifier=eng, ResourceType="Opportunity", ResourceIdentifier=oid,
              ResourceSnapshotTemplateIdentifier="OpportunitySummaryView")
    if revision is not None:
        kw["Revision"] = revision
    out = c.get_resource_snapshot(**kw)
    out.pop("ResponseMetadata")
    return out


def flow_multi():
    opp_a, sub = submitted(A)
    eng = sub["EngagementId"]
    inv = A.create_engagement_invitation(Catalog=CAT, ClientToken=token(), EngagementIdentifier=eng, Invitation={
        "Message": "Join us", "Receiver": {"Account": {"AwsAccountId": ACCT["B"]}},
        "Payload": {"OpportunityInvitation": {
            "ReceiverResponsibilities": ["Software Partner"],
            "Customer": {"Industry": "Software and Internet", "CompanyName": "Example Corp", "WebsiteUrl": "https://example.com", "CountryCode": "US"},
            "Project": {"BusinessProblem": "The customer needs a partner for the migration.", "Title": "Data lake migration",
                        "TargetCompletionDate": "2027-01-31", "ExpectedCustomerSpend": []},
        }}})
    task = B.start_engagement_by_accepting_invitation_task(Catalog=CAT, ClientToken=token(), Identifier=inv["Id"])
    eq(task["TaskStatus"], "COMPLETE", "B's accept task")
    opp_b = task["OpportunityId"]
    check(opp_b and opp_b != opp_a, "B's opportunity %r (A's %s)", opp_b, opp_a)
    eq(get_opp(B, opp_b)["LifeCycle"]["ReviewStatus"], "Submitted", "B's ReviewStatus")
    review(A, opp_a, "Approved")
    eq(get_opp(B, opp_b)["LifeCycle"]["ReviewStatus"], "Approved", "B's ReviewStatus after A's approval")
    expect_error("ResourceNotFoundException", B.get_opportunity, Catalog=CAT, Identifier=opp_a)
    expect_error("ResourceNotFoundException", A.get_opportunity, Catalog=CAT, Identifier=opp_b)
    # Each reads the other's opportunity only through the engagement's snapshots.
    a_view = snapshot_payload(B, eng, opp_a)
    eq(a_view["Payload"]["OpportunitySummary"]["Customer"]["Account"]["CompanyName"], "Example Corp", "A's snapshot read by B")
    b_view = snapshot_payload(A, eng, opp_b)
    eq(b_view["ResourceId"], opp_b, "B's snapshot read by A")
    for c, other in [(A, opp_b), (B, opp_a)]:
        listed = c.list_resource_snapshots(Catalog=CAT, EngagementIdentifier=eng)["ResourceSnapshotSummaries"]
        check(other in {s["ResourceId"] for s in listed}, "list_resource_snapshots lacks %s: %r", other, listed)
    members = B.list_engagement_members(Catalog=CAT, Identifier=eng)["EngagementMemberList"]
    eq(sorted(m["AccountId"] for m in members), sorted(["aws", ACCT["A"], ACCT["B"]]), "members")


def flow_snapshots():
    A.put_selling_system_settings(Catalog=CAT, ResourceSnapshotJobRoleIdentifier="SnapshotJobRole")
    eng = A.create_engagement(Catalog=CAT, ClientToken=token(), Title="Snapshots", Description="Snapshot jobs")["Id"]
    oid = A.create_opportunity(**create_request())["Id"]
    job = A.create_resource_snapshot_job(Catalog=CAT, ClientToken=token(), EngagementIdentifier=eng, ResourceType="Opportunity",
                                         ResourceIdentifier=oid, ResourceSnapshotTemplateIdentifier="OpportunitySummaryView")["Id"]
    get_job = lambda: A.get_resource_snapshot_job(Catalog=CAT, ResourceSnapshotJobIdentifier=job)
    eq(get_job()["Status"], "Stopped", "new job")
    A.start_resource_snapshot_job(Catalog=CAT, ResourceSnapshotJobIdentifier=job)
    eq(get_job()["Status"], "Running", "started job")

    def revisions():
        out = A.list_resource_snapshots(Catalog=CAT, EngagementIdentifier=eng)["ResourceSnapshotSummaries"]
        return sorted(s["Revision"] for s in out if s["ResourceId"] == oid)
    eq(revisions(), [1], "revisions after the start")
    rev1 = snapshot_payload(A, eng, oid, 1)
    change(A, oid, LifeCycle__NextSteps="Send the proposal")
    eq(revisions(), [1, 2], "revisions after a template field")
    eq(snapshot_payload(A, eng, oid)["Payload"]["OpportunitySummary"]["Lifecycle"]["NextSteps"], "Send the proposal", "latest NextSteps")
    change(A, oid, Project__AdditionalComments="Off the view")
    eq(revisions(), [1, 2], "revisions after a field off the template")
    eq(snapshot_payload(A, eng, oid, 1), rev1, "revision 1")
    check(isinstance(get_job().get("LastSuccessfulExecutionDate"), datetime.datetime), "LastSuccessfulExecutionDate %r", get_job())
    expect_error("ResourceNotFoundException", B.get_resource_snapshot_job, Catalog=CAT, ResourceSnapshotJobIdentifier=job)
    expect_error("ConflictException", A.delete_resource_snapshot_job, Catalog=CAT, ResourceSnapshotJobIdentifier=job)
    A.stop_resource_snapshot_job(Catalog=CAT, ResourceSnapshotJobIdentifier=job)
    A.delete_resource_snapshot_job(Catalog=CAT, ResourceSnapshotJobIdentifier=job)
    expect_error("ResourceNotFoundException", A.get_resource_snapshot_job, Catalog=CAT, ResourceSnapshotJobIdentifier=job)


def flow_idempotency():
    tok = token()
    body = dict(Catalog=CAT, ClientToken=tok, Title="Idempotent", Description="Same token, same body")
    first = A.create_engagement(**body)
    again = A.create_engagement(**body)
    eq((again["Id"], again["Arn"]), (first["Id"], first["Arn"]), "replayed create_engagement")
    expect_error("ConflictException", A.create_engagement, **dict(body, Title="Another title"))

    oid = A.create_opportunity(**create_request())["Id"]
    A.associate_opportunity(Catalog=CAT, OpportunityIdentifier=oid, RelatedEntityType="Solutions", RelatedEntityIdentifier="S-1234567")
    req = dict(Catalog=CAT, ClientToken=token(), Identifier=oid, AwsSubmission={"InvolvementType": "Co-Sell", "Visibility": "Full"})
    t1 = A.start_engagement_from_opportunity_task(**req)
    t2 = A.start_engagement_from_opportunity_task(**req)
    for t in (t1, t2):
        t.pop("ResponseMetadata")
    eq(t2, t1, "replayed start_engagement_from_opportunity_task")
    expect_error("ConflictException", A.start_engagement_from_opportunity_task,
                 **dict(req, AwsSubmission={"InvolvementType": "For Visibility Only", "Visibility": "Limited"}))


def flow_paginate():
    made = {A.create_engagement(Catalog=CAT, ClientToken=token(), Title="Page %d" % i, Description="Paging")["Id"] for i in range(3)}
    whole = A.list_engagements(Catalog=CAT)["EngagementSummaryList"]
    check(len(whole) >= 3, "list_engagements without a limit: %d", len(whole))
    ids, pages = [], 0
    for page in A.get_paginator("list_engagements").paginate(Catalog=CAT, PaginationConfig={"PageSize": 1}):
        pages += 1
        check(len(page["EngagementSummaryList"]) <= 1, "a page of %d", len(page["EngagementSummaryList"]))
        ids += [e["Id"] for e in page["EngagementSummaryList"]]
    check(len(ids) == len(set(ids)), "an engagement listed twice: %r", ids)
    eq(sorted(ids), sorted(e["Id"] for e in whole), "paginated engagements")
    check(made <= set(ids), "created engagements missing: %r", made - set(ids))
    check(pages >= len(ids), "%d pages for %d engagements", pages, len(ids))
    # B is a member of none of A's engagements made here.
    b_ids = {e["Id"] for e in B.list_engagements(Catalog=CAT)["EngagementSummaryList"]}
    check(not (made & b_ids), "B lists A's engagements: %r", made & b_ids)


def flow_lists():
    """Every engagement-family list, paged one item at a time by boto3's
    paginator, gives the unpaged list (run last: the other flows made the items)."""
    eng = A.list_engagements(Catalog=CAT)["EngagementSummaryList"]
    check(eng, "A has no engagements: run after the other flows")
    shared = [e["Id"] for e in B.list_engagements(Catalog=CAT)["EngagementSummaryList"]]
    cases = [
        (A, "list_engagement_invitations", "EngagementInvitationSummaries", dict(ParticipantType="SENDER")),
        (A, "list_engagement_invitations", "EngagementInvitationSummaries", dict(ParticipantType="RECEIVER")),
        (B, "list_engagement_invitations", "EngagementInvitationSummaries", dict(ParticipantType="RECEIVER")),
        (A, "list_resource_snapshot_jobs", "ResourceSnapshotJobSummaries", {}),
        (A, "list_engagement_from_opportunity_tasks", "TaskSummaries", {}),
        (A, "list_engagement_by_accepting_invitation_tasks", "TaskSummaries", {}),
        (B, "list_opportunity_from_engagement_tasks", "TaskSummaries", {}),
    ]
    for e in shared:
        cases += [(B, "list_engagement_members", "EngagementMemberList", dict(Identifier=e)),
                  (A, "list_resource_snapshots", "ResourceSnapshotSummaries", dict(EngagementIdentifier=e)),
                  (B, "list_engagement_resource_associations", "EngagementResourceAssociationSummaries", dict(EngagementIdentifier=e))]
    items = 0
    for c, op, key, kw in cases:
        whole = getattr(c, op)(Catalog=CAT, **kw)
        check("NextToken" not in whole, "%s %r: more than one unpaged page", op, kw)
        paged, pages = [], 0
        for page in c.get_paginator(op).paginate(Catalog=CAT, **kw, PaginationConfig={"PageSize": 1}):
            pages += 1
            check(len(page[key]) <= 1, "%s %r: a page of %d", op, kw, len(page[key]))
            paged += page[key]
        eq(paged, whole[key], "%s %r paged one by one" % (op, kw))
        check(pages >= len(paged), "%s: %d pages for %d items", op, pages, len(paged))
        items += len(paged)
    print("     %d lists, %d items paged one by one" % (len(cases), items))


FLOWS = {
    "referral": flow_referral,
    "partner": flow_partner,
    "lead": flow_lead,
    "multi": flow_multi,
    "snapshots": flow_snapshots,
    "idempotency": flow_idempotency,
    "paginate": flow_paginate,
    "lists": flow_lists,
}


def main(names):
    failed = []
    for name in names or list(FLOWS):
        try:
            FLOWS[name]()
            print("ok   %s" % name)
        except Exception:
            failed.append(name)
            print("FAIL %s\n%s" % (name, traceback.format_exc()))
    if failed:
        print("failed flows: %s" % ", ".join(failed))
        sys.exit(1)


if __name__ == "__main__":
    main(sys.argv[1:])
