// Generated from the server's /openapi.json by `npm run api-types` (openapi-typescript): do not edit.

export interface paths {
  '/v1/auth/config': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** GET /v1/auth/config */
    get: operations['getAuthConfig'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/witness/add-checkpoint': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * c2sp.org/tlog-witness add-checkpoint: `old <size>`, consistency proof lines (base64), an empty line, then the signed checkpoint
     * @description c2sp.org/tlog-witness add-checkpoint: `old <size>`, consistency proof lines (base64), an empty line, then the signed checkpoint. Answers the cosignature line(s) (tlog-cosignature/v1); 409 with the size last cosigned (text/x.tlog.size); 400 malformed, 403 not signed by a trusted key, 404 unknown log, 422 inconsistent.
     */
    post: operations['postWitnessAddCheckpoint'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/witness/public-key': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The witness’s cosignature verifier key (vkey, type 0x04), for logs and `audit verify --witness`
     * @description The witness’s cosignature verifier key (vkey, type 0x04), for logs and `audit verify --witness`
     */
    get: operations['getWitnessPublicKey'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/witness/{origin_hash}/checkpoint': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * tlog-witness monitoring: the latest checkpoint cosigned for the log whose origin has this SHA-256
     * @description tlog-witness monitoring: the latest checkpoint cosigned for the log whose origin has this SHA-256
     */
    get: operations['getWitnessOriginHashCheckpoint'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/public/audit/{tenant_id}/checkpoint': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The tenant’s newest signed checkpoint, with witness cosignatures (audit.public_checkpoints)
     * @description The tenant’s newest signed checkpoint, with witness cosignatures (audit.public_checkpoints)
     */
    get: operations['getPublicAuditTenantIdCheckpoint'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/public/audit/{tenant_id}/public-key': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The verifier key of the tenant’s log, named for its origin (audit.public_checkpoints)
     * @description The verifier key of the tenant’s log, named for its origin (audit.public_checkpoints)
     */
    get: operations['getPublicAuditTenantIdPublicKey'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/governance/packs/{id}/download': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** GET /v1/governance/packs/{id}/download */
    get: operations['getGovernancePacksIdDownload'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/webhooks/github': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** POST /v1/webhooks/github */
    post: operations['postWebhooksGithub'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/webhooks/slack': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Slack's interactivity requests (Approve/Deny buttons) and the slash commands `/warrant plan <text>`, `/warrant approve <plan>` (answers the revision, its content hash, what will change and the rollback, with buttons bound to that hash), `/warrant status <plan|run>` and `/warrant audit <plan>`; signed with WARRANT_SLACK_SIGNING_SECRET, fresh and not replayed
     * @description Slack's interactivity requests (Approve/Deny buttons) and the slash commands `/warrant plan <text>`, `/warrant approve <plan>` (answers the revision, its content hash, what will change and the rollback, with buttons bound to that hash), `/warrant status <plan|run>` and `/warrant audit <plan>`; signed with WARRANT_SLACK_SIGNING_SECRET, fresh and not replayed.
     */
    post: operations['postWebhooksSlack'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/webhooks/linear': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Linear's webhook, signed (Linear-Signature) with WARRANT_LINEAR_WEBHOOK_SECRET: `/approve <plan id>` comments, issue state changes and warrant:approve/deny labels become votes (see chatops/linear.ts)
     * @description Linear's webhook, signed (Linear-Signature) with WARRANT_LINEAR_WEBHOOK_SECRET: `/approve <plan id>` comments, issue state changes and warrant:approve/deny labels become votes (see chatops/linear.ts).
     */
    post: operations['postWebhooksLinear'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/whoami': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** GET /v1/whoami */
    get: operations['getWhoami'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/actors': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The caller's tenant's actors (people, services, agents) with their names and roles, so that clients show names instead of ids
     * @description The caller's tenant's actors (people, services, agents) with their names and roles, so that clients show names instead of ids. Open to every role; another tenant is never listed.
     */
    get: operations['getActors'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/tenants': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** GET /v1/tenants */
    get: operations['getTenants'];
    put?: never;
    /** POST /v1/tenants */
    post: operations['postTenants'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/keys': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** GET /v1/keys */
    get: operations['getKeys'];
    put?: never;
    /** POST /v1/keys */
    post: operations['postKeys'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/keys/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** DELETE /v1/keys/{id} */
    delete: operations['deleteKeysId'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/audit/checkpoint': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** GET /v1/audit/checkpoint */
    get: operations['getAuditCheckpoint'];
    put?: never;
    /** POST /v1/audit/checkpoint */
    post: operations['postAuditCheckpoint'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/audit/public-key': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** GET /v1/audit/public-key */
    get: operations['getAuditPublicKey'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/audit/events': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** GET /v1/audit/events */
    get: operations['getAuditEvents'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/audit/events/{event_id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** GET /v1/audit/events/{event_id} */
    get: operations['getAuditEventsEventId'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/audit/events/{event_id}/proof': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** GET /v1/audit/events/{event_id}/proof */
    get: operations['getAuditEventsEventIdProof'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/audit/consistency': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** GET /v1/audit/consistency */
    get: operations['getAuditConsistency'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/audit/export': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** GET /v1/audit/export */
    get: operations['getAuditExport'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/audit/quarantine': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** GET /v1/audit/quarantine */
    get: operations['getAuditQuarantine'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/audit/quarantine/{id}/resolve': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** POST /v1/audit/quarantine/{id}/resolve */
    post: operations['postAuditQuarantineIdResolve'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/plans': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** GET /v1/plans */
    get: operations['getPlans'];
    put?: never;
    /**
     * Submit a plan: validated, redacted, scored and decided by policy
     * @description Submit a plan: validated, redacted, scored and decided by policy.
     */
    post: operations['postPlans'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/plans/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** GET /v1/plans/{id} */
    get: operations['getPlansId'];
    /**
     * Revise a plan
     * @description Revise a plan. The revision is decided anew and voids every approval of the old content.
     */
    put: operations['putPlansId'];
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/plans/{id}/diff': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * What the plan will change, read now: per step the current state through its connector and the state after it (Kubernetes server-side dry run, Argo CD revisions, the simulated cluster), or why it cannot be read; then the rollback in words and what runs if a step fails
     * @description What the plan will change, read now: per step the current state through its connector and the state after it (Kubernetes server-side dry run, Argo CD revisions, the simulated cluster), or why it cannot be read; then the rollback in words and what runs if a step fails. Writes nothing.
     */
    get: operations['getPlansIdDiff'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/plans/{id}/cancel': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** POST /v1/plans/{id}/cancel */
    post: operations['postPlansIdCancel'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/plans/{id}/approvals': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Vote on a plan: approve, deny or send back, for the revision whose `content_hash` the voter was shown
     * @description Vote on a plan: approve, deny or send back, for the revision whose `content_hash` the voter was shown. Nobody who wrote a revision (nor an actor they created) may vote; one vote per person.
     */
    post: operations['postPlansIdApprovals'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/authorize': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Is this tool call covered right now by an allowed plan or a valid approval?
     * @description Is this tool call covered right now by an allowed plan or a valid approval?
     */
    post: operations['postAuthorize'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/exceptions': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** GET /v1/exceptions */
    get: operations['getExceptions'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/exceptions/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** GET /v1/exceptions/{id} */
    get: operations['getExceptionsId'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/exceptions/{id}/resolve': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** POST /v1/exceptions/{id}/resolve */
    post: operations['postExceptionsIdResolve'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/plans/{id}/runs': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Run an allowed or approved plan (202)
     * @description Run an allowed or approved plan (202). Break glass runs without a warrant, with a reason.
     */
    post: operations['postPlansIdRuns'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/runs': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** GET /v1/runs */
    get: operations['getRuns'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/runs/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** GET /v1/runs/{id} */
    get: operations['getRunsId'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/runs/{id}/logs': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * A run's log, step by step: checks, tool calls with an excerpt of each redacted output, evidence, errors, and how far the run has come
     * @description A run's log, step by step: checks, tool calls with an excerpt of each redacted output, evidence, errors, and how far the run has come. Another tenant’s run is 404. With `Accept: text/event-stream` it is streamed while the run is live: `event: log` with this same document now and after each change, then `event: end` with the final status once the run ended.
     */
    get: operations['getRunsIdLogs'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/runs/{id}/cancel': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Cancel a run (202): a queued run at once, a running one before its next step
     * @description Cancel a run (202): a queued run at once, a running one before its next step.
     */
    post: operations['postRunsIdCancel'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/runs/{id}/retry': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Retry a failed, rolled back or cancelled run as a new run of the same plan (202)
     * @description Retry a failed, rolled back or cancelled run as a new run of the same plan (202).
     */
    post: operations['postRunsIdRetry'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/runs/{id}/{kind}/{object}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * A stored (redacted) tool input, tool output or evidence body of the run
     * @description A stored (redacted) tool input, tool output or evidence body of the run.
     */
    get: operations['getRunsIdKindObject'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/runs/{id}/verifications': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Verify a run (202): before it runs (a blocking failure cancels it) or after
     * @description Verify a run (202): before it runs (a blocking failure cancels it) or after. One active verification per run.
     */
    post: operations['postRunsIdVerifications'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/runs/{id}/verification': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The run's verification report and latest verification; reading never starts work
     * @description The run's verification report and latest verification; reading never starts work.
     */
    get: operations['getRunsIdVerification'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/governance/decisions': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** GET /v1/governance/decisions */
    get: operations['getGovernanceDecisions'];
    put?: never;
    /** POST /v1/governance/decisions */
    post: operations['postGovernanceDecisions'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/governance/decisions/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** GET /v1/governance/decisions/{id} */
    get: operations['getGovernanceDecisionsId'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/governance/decisions/{id}/approvals': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** POST /v1/governance/decisions/{id}/approvals */
    post: operations['postGovernanceDecisionsIdApprovals'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/governance/decisions/{id}/revoke': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** POST /v1/governance/decisions/{id}/revoke */
    post: operations['postGovernanceDecisionsIdRevoke'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/governance/reviews': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** GET /v1/governance/reviews */
    get: operations['getGovernanceReviews'];
    put?: never;
    /** POST /v1/governance/reviews */
    post: operations['postGovernanceReviews'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/governance/reviews/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** GET /v1/governance/reviews/{id} */
    get: operations['getGovernanceReviewsId'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/governance/reviews/{id}/package': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The governance package projection, derived on read
     * @description The governance package projection, derived on read.
     */
    get: operations['getGovernanceReviewsIdPackage'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/governance/reviews/{id}/release': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** POST /v1/governance/reviews/{id}/release */
    post: operations['postGovernanceReviewsIdRelease'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/governance/reviews/{id}/packs': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** POST /v1/governance/reviews/{id}/packs */
    post: operations['postGovernanceReviewsIdPacks'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/governance/packs/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** GET /v1/governance/packs/{id} */
    get: operations['getGovernancePacksId'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/governance/packs/{id}/link': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * A signed, expiring download link of the pack
     * @description A signed, expiring download link of the pack.
     */
    get: operations['getGovernancePacksIdLink'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/governance/snapshots/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** GET /v1/governance/snapshots/{id} */
    get: operations['getGovernanceSnapshotsId'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/governance/workspace': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** GET /v1/governance/workspace */
    get: operations['getGovernanceWorkspace'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/policies': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** GET /v1/policies */
    get: operations['getPolicies'];
    put?: never;
    /** POST /v1/policies */
    post: operations['postPolicies'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/policies/simulate': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** POST /v1/policies/simulate */
    post: operations['postPoliciesSimulate'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/policies/test': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** POST /v1/policies/test */
    post: operations['postPoliciesTest'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/policies/{version}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** GET /v1/policies/{version} */
    get: operations['getPoliciesVersion'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/policies/{version}/activate': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** POST /v1/policies/{version}/activate */
    post: operations['postPoliciesVersionActivate'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/tools': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** GET /v1/tools */
    get: operations['getTools'];
    put?: never;
    /** POST /v1/tools */
    post: operations['postTools'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/context/services/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    /** PUT /v1/context/services/{id} */
    put: operations['putContextServicesId'];
    post?: never;
    /** DELETE /v1/context/services/{id} */
    delete: operations['deleteContextServicesId'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/context/nodes/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    /** PUT /v1/context/nodes/{id} */
    put: operations['putContextNodesId'];
    post?: never;
    /** DELETE /v1/context/nodes/{id} */
    delete: operations['deleteContextNodesId'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/context/edges/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    /** PUT /v1/context/edges/{id} */
    put: operations['putContextEdgesId'];
    post?: never;
    /** DELETE /v1/context/edges/{id} */
    delete: operations['deleteContextEdgesId'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/context/graph': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** GET /v1/context/graph */
    get: operations['getContextGraph'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/context/blast-radius': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** POST /v1/context/blast-radius */
    post: operations['postContextBlastRadius'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/context/refresh': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Refresh the context graph from live sources
     * @description Reads the shape of the systems the configured connectors reach (Kubernetes namespaces and deployments, or the demo cluster) and makes the graph hold it, leaving entries people made alone; records a snapshot. Admin or operator.
     */
    post: operations['postContextRefresh'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/context/snapshots': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List the snapshots of the context graph, newest first */
    get: operations['getContextSnapshots'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/plans/{id}/evidence': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** GET /v1/plans/{id}/evidence */
    get: operations['getPlansIdEvidence'];
    put?: never;
    /**
     * Attach evidence an agent collected to a step of the plan; the result is redacted, stored and hashed
     * @description Attach evidence an agent collected to a step of the plan; the result is redacted, stored and hashed.
     */
    post: operations['postPlansIdEvidence'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/plans/draft': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Draft a plan from an intent (and an alert) with the configured model: checked against the plan schema and the tool catalog
     * @description Draft a plan from an intent (and an alert) with the configured model: checked against the plan schema and the tool catalog. Not submitted unless submit=true; then policy decides as for any plan.
     */
    post: operations['postPlansDraft'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/webhooks/alertmanager': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Alertmanager's webhook (version 4), with a Warrant agent or operator key as its bearer (http_config.authorization)
     * @description Alertmanager's webhook (version 4), with a Warrant agent or operator key as its bearer (http_config.authorization). Each firing alert occurrence is drafted and submitted once; resolved alerts are recorded only.
     */
    post: operations['postWebhooksAlertmanager'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/schedules': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** GET /v1/schedules */
    get: operations['getSchedules'];
    put?: never;
    /**
     * Submit a plan on a cron
     * @description Submit a plan on a cron.
     */
    post: operations['postSchedules'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/schedules/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** GET /v1/schedules/{id} */
    get: operations['getSchedulesId'];
    put?: never;
    post?: never;
    /** DELETE /v1/schedules/{id} */
    delete: operations['deleteSchedulesId'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/worklog/repositories': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** GET /v1/worklog/repositories */
    get: operations['getWorklogRepositories'];
    put?: never;
    /**
     * Connect a GitHub repository to the caller
     * @description Connect a GitHub repository to the caller.
     */
    post: operations['postWorklogRepositories'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/worklog/webhook': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The tenant's GitHub webhook: the path to point it at and the secret to sign with (admins)
     * @description The tenant's GitHub webhook: the path to point it at and the secret to sign with (admins).
     */
    get: operations['getWorklogWebhook'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/worklog/repositories/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /**
     * Disconnect a repository (its connector or an admin); its pr-events and cards stay traceable
     * @description Disconnect a repository (its connector or an admin); its pr-events and cards stay traceable.
     */
    delete: operations['deleteWorklogRepositoriesId'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/worklog/pr-events': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** GET /v1/worklog/pr-events */
    get: operations['getWorklogPrEvents'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/worklog/intents': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** GET /v1/worklog/intents */
    get: operations['getWorklogIntents'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/worklog/intents/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * An intent with what it led to: its review run, or its provisioning events
     * @description An intent with what it led to: its review run, or its provisioning events.
     */
    get: operations['getWorklogIntentsId'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/worklog/intents/{id}/approvals': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Vote on an intent; a completed approval starts its review run or provisioning
     * @description Vote on an intent; a completed approval starts its review run or provisioning.
     */
    post: operations['postWorklogIntentsIdApprovals'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/worklog/reviews': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Start an AI review of a connected repository's pull request by hand, at its current head: the webhook's governed path (risk, intent, approval for Med/High); the caller is the intent's creator
     * @description Start an AI review of a connected repository's pull request by hand, at its current head: the webhook's governed path (risk, intent, approval for Med/High); the caller is the intent's creator. 409 run_exists when that head has a run that did not fail.
     */
    post: operations['postWorklogReviews'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/worklog/runs/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * A review run: its pull request, status, evidence references and the review
     * @description A review run: its pull request, status, evidence references and the review.
     */
    get: operations['getWorklogRunsId'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/worklog/projects': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Propose a project; it needs an approval
     * @description Propose a project; it needs an approval.
     */
    post: operations['postWorklogProjects'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/worklog/projects/{id}/provision': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Create the project's repository under its approval (idempotent); without one, refused and recorded as an unapproved_attempt exception
     * @description Create the project's repository under its approval (idempotent); without one, refused and recorded as an unapproved_attempt exception.
     */
    post: operations['postWorklogProjectsIdProvision'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/worklog/kpi': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The period's KPIs (link rate, approval rate, audit success rate; see worklog/kpi.ts for each definition)
     * @description The period's KPIs (link rate, approval rate, audit success rate; see worklog/kpi.ts for each definition). from/to: a date or an RFC 3339 time; default the 30 days before now; end excluded; at most 366 days (400 invalid_period otherwise).
     */
    get: operations['getWorklogKpi'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/worklog/report': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The period's audit report: every AI run and repository creation with its intent, approval and evidence, the deficits, and the KPIs with the success metric
     * @description The period's audit report: every AI run and repository creation with its intent, approval and evidence, the deficits, and the KPIs with the success metric.
     */
    get: operations['getWorklogReport'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/worklog/provisioning': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The tenant's provisioning events (repositories created under an approved project intent), newest first; from/to as for /worklog/kpi, both optional (no bound: every event, at most 1000)
     * @description The tenant's provisioning events (repositories created under an approved project intent), newest first; from/to as for /worklog/kpi, both optional (no bound: every event, at most 1000).
     */
    get: operations['getWorklogProvisioning'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/worklog/assets': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** GET /v1/worklog/assets */
    get: operations['getWorklogAssets'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/worklog/assets/export': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** GET /v1/worklog/assets/export */
    get: operations['getWorklogAssetsExport'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/worklog/assets/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** GET /v1/worklog/assets/{id} */
    get: operations['getWorklogAssetsId'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/worklog/assets/{id}/decisions': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Approve, edit or reject one's own asset card; a rejected card is final
     * @description Approve, edit or reject one's own asset card; a rejected card is final.
     */
    post: operations['postWorklogAssetsIdDecisions'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/worklog/pulls/{owner}/{repo}/{number}/ci': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * CI status of a pull request (Actions runs and preview deployments), read from GitHub
     * @description CI status of a pull request (Actions runs and preview deployments), read from GitHub.
     */
    get: operations['getWorklogPullsOwnerRepoNumberCi'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/playbooks': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The playbook catalog: built-in and own
     * @description The playbook catalog: built-in and own.
     */
    get: operations['getPlaybooks'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/playbooks/{name}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** GET /v1/playbooks/{name} */
    get: operations['getPlaybooksName'];
    /**
     * Create or change a playbook (admin, operator): each change is a new version
     * @description Create or change a playbook (admin, operator): each change is a new version.
     */
    put: operations['putPlaybooksName'];
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/playbooks/{name}/plans': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Instantiate a playbook: parameters are checked first, then the plan is submitted and decided by policy
     * @description Instantiate a playbook: parameters are checked first, then the plan is submitted and decided by policy.
     */
    post: operations['postPlaybooksNamePlans'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/playbooks/{name}/schedules': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** GET /v1/playbooks/{name}/schedules */
    get: operations['getPlaybooksNameSchedules'];
    put?: never;
    /**
     * Instantiate a playbook on a cron: each firing submits the instance through policy
     * @description Instantiate a playbook on a cron: each firing submits the instance through policy.
     */
    post: operations['postPlaybooksNameSchedules'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/runbooks': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** GET /v1/runbooks */
    get: operations['getRunbooks'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/runbooks/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** GET /v1/runbooks/{id} */
    get: operations['getRunbooksId'];
    /** PUT /v1/runbooks/{id} */
    put: operations['putRunbooksId'];
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/plans/{id}/runbooks': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The runbooks linked to the plan's playbook or to a service in its blast radius
     * @description The runbooks linked to the plan's playbook or to a service in its blast radius.
     */
    get: operations['getPlansIdRunbooks'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/events': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Server-sent events for the caller's tenant: plan.updated, execution.updated, audit.created
     * @description Server-sent events for the caller's tenant: plan.updated, execution.updated, audit.created. A client that reconnects with Last-Event-ID (or ?last_event_id=, for clients that cannot set headers) first gets what it missed; what cannot be replayed is announced by a reset event.
     */
    get: operations['getEvents'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/security-events': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Seed 003's SecurityEvents, newest first: the caller's tenant, or every tenant for the root admin
     * @description Seed 003's SecurityEvents, newest first: the caller's tenant, or every tenant for the root admin.
     */
    get: operations['getSecurityEvents'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/slo': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Seed 003's ErrorBudget over the rolling window, from Warrant's own per-minute request records
     * @description Seed 003's ErrorBudget over the rolling window, from Warrant's own per-minute request records.
     */
    get: operations['getSlo'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/chatops/slack-users/{slack_user_id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    /**
     * Link a slack user to the Warrant actor their votes count as (admin)
     * @description Link a slack user to the Warrant actor their votes count as (admin).
     */
    put: operations['putChatopsSlackUsersSlackUserId'];
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/chatops/linear-users/{linear_user_id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    /**
     * Link a linear user to the Warrant actor their votes count as (admin)
     * @description Link a linear user to the Warrant actor their votes count as (admin).
     */
    put: operations['putChatopsLinearUsersLinearUserId'];
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
export type webhooks = Record<string, never>;
export interface components {
  schemas: {
    /** @description An error (RFC 9457). `code` is stable and meant for programs; `detail` is for people. */
    Problem: {
      /** @description https://warrant.dev/problems/{code} */
      type: string;
      title: string;
      status: number;
      /** @description e.g. validation_failed, invalid_text, duplicate_key, not_found */
      code: string;
      detail: string;
      /** @description the request path */
      instance: string;
      request_id: string;
      /** @description What is wrong: {path, message} objects for validation_failed; playbooks and models add their own forms */
      issues?: unknown[];
      /** @description 429 and 503: when to try again */
      retry_after_seconds?: number;
    } & {
      [key: string]: unknown;
    };
  };
  responses: never;
  parameters: never;
  requestBodies: never;
  headers: never;
  pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
  getAuthConfig: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            api_key: boolean;
            oidc: {
              issuer: string;
              client_id: string | null;
            } | null;
          };
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  postWitnessAddCheckpoint: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Cosignature lines */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/plain': string;
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not the caller’s tenant’s (not_found) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The size of the latest checkpoint cosigned for the log, then a newline */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/x.tlog.size': string;
        };
      };
      /** @description The request body is over the size limit (body_too_large) */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not JSON (unsupported_media_type) */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getWitnessPublicKey: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The witness key */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/plain': string;
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getWitnessOriginHashCheckpoint: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        origin_hash: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The checkpoint with the log’s signatures and this witness’s cosignature */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/plain': string;
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not the caller’s tenant’s (not_found) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The state does not allow this now (conflict, stale_revision, duplicate_vote, …) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getPublicAuditTenantIdCheckpoint: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        tenant_id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A signed checkpoint (C2SP signed note) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/plain': string;
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not the caller’s tenant’s (not_found) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The state does not allow this now (conflict, stale_revision, duplicate_vote, …) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getPublicAuditTenantIdPublicKey: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        tenant_id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The log’s verifier key */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/plain': string;
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not the caller’s tenant’s (not_found) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The state does not allow this now (conflict, stale_revision, duplicate_vote, …) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getGovernancePacksIdDownload: {
    parameters: {
      query: {
        expires: string;
        actor: string;
        sig: string;
      };
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The review pack: a ZIP whose manifest.json lists every file with its SHA-256. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/zip': string;
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not the caller’s tenant’s (not_found) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The state does not allow this now (conflict, stale_revision, duplicate_vote, …) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  postWebhooksGithub: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @enum {string} */
            status: 'recorded' | 'duplicate' | 'ignored';
            pr_event_id?: string;
            reason?: string;
          } & {
            [key: string]: unknown;
          };
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not the caller’s tenant’s (not_found) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The state does not allow this now (conflict, stale_revision, duplicate_vote, …) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body is over the size limit (body_too_large) */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not JSON (unsupported_media_type) */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  postWebhooksSlack: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description ephemeral: only the clicker sees it */
            response_type: string;
            replace_original?: boolean;
            text: string;
            /**
             * @description absent when the request carried no Warrant action
             * @enum {string}
             */
            outcome?:
              | 'recorded'
              | 'refused'
              | 'unknown_plan'
              | 'unlinked_user'
              | 'shown'
              | 'submitted'
              | 'not_found'
              | 'usage'
              | 'pending';
            /** @description Why a vote was refused (self_approval, stale_revision, …) */
            code?: string;
            /** @description Block Kit blocks (a slash command's answer, e.g. /warrant approve's confirmation) */
            blocks?: ({
              type: string;
            } & {
              [key: string]: unknown;
            })[];
          } & {
            [key: string]: unknown;
          };
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not the caller’s tenant’s (not_found) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The state does not allow this now (conflict, stale_revision, duplicate_vote, …) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body is over the size limit (body_too_large) */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not JSON (unsupported_media_type) */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  postWebhooksLinear: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @enum {string} */
            outcome: 'recorded' | 'refused' | 'unknown_plan' | 'unlinked_user' | 'ignored';
            /** @description Why a vote was refused (self_approval, stale_revision, …) */
            code?: string;
            text: string;
          } & {
            [key: string]: unknown;
          };
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not the caller’s tenant’s (not_found) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The state does not allow this now (conflict, stale_revision, duplicate_vote, …) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body is over the size limit (body_too_large) */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not JSON (unsupported_media_type) */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getWhoami: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            actor: {
              id: string;
              /** @enum {string} */
              type: 'user' | 'service' | 'agent';
              name: string;
              roles: ('admin' | 'approver' | 'operator' | 'auditor' | 'viewer' | 'agent' | 'break_glass')[];
              tenant_id: string;
              tenant_name: string;
            };
          };
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getActors: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            items: ({
              id: string;
              name: string;
              /** @enum {string} */
              type: 'user' | 'service' | 'agent';
              roles: ('admin' | 'approver' | 'operator' | 'auditor' | 'viewer' | 'agent' | 'break_glass')[];
              person: string;
            } & {
              [key: string]: unknown;
            })[];
          };
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getTenants: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            items: {
              id: string;
              name: string;
              created_at: string;
            }[];
          };
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  postTenants: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          name: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            id: string;
            name: string;
            created_at: string;
          };
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not the caller’s tenant’s (not_found) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The state does not allow this now (conflict, stale_revision, duplicate_vote, …) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body is over the size limit (body_too_large) */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not JSON (unsupported_media_type) */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getKeys: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            items: {
              id: string;
              name: string;
              actor_id: string;
              roles: ('admin' | 'approver' | 'operator' | 'auditor' | 'viewer' | 'agent' | 'break_glass')[];
              created_at: string;
              revoked_at: string | null;
            }[];
          };
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  postKeys: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          tenant?: string;
          /** @enum {string} */
          role: 'admin' | 'approver' | 'operator' | 'auditor' | 'viewer' | 'agent' | 'break_glass';
          name: string;
          /** @enum {string} */
          type?: 'user' | 'service' | 'agent';
          person?: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            id: string;
            name: string;
            actor_id: string;
            roles: ('admin' | 'approver' | 'operator' | 'auditor' | 'viewer' | 'agent' | 'break_glass')[];
            created_at: string;
            revoked_at: string | null;
            key: string;
            tenant: string;
            person: string;
          };
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not the caller’s tenant’s (not_found) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The state does not allow this now (conflict, stale_revision, duplicate_vote, …) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body is over the size limit (body_too_large) */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not JSON (unsupported_media_type) */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  deleteKeysId: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Revoked; no body */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not the caller’s tenant’s (not_found) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The state does not allow this now (conflict, stale_revision, duplicate_vote, …) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body is over the size limit (body_too_large) */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not JSON (unsupported_media_type) */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getAuditCheckpoint: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A signed checkpoint of the tenant’s log (C2SP signed note) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/plain': string;
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  postAuditCheckpoint: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A signed checkpoint of the tenant’s log (C2SP signed note) */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/plain': string;
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not the caller’s tenant’s (not_found) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The state does not allow this now (conflict, stale_revision, duplicate_vote, …) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body is over the size limit (body_too_large) */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not JSON (unsupported_media_type) */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getAuditPublicKey: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The checkpoints’ verifier key: text by default, JSON when the caller accepts it */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/plain': string;
          'application/json': {
            key: string;
            format: string;
            origin: string;
            log_key: string;
          };
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getAuditEvents: {
    parameters: {
      query?: {
        action?: string;
        actor?: string;
        plan_id?: string;
        run_id?: string;
        since?: string;
        until?: string;
        cursor?: string;
        limit?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            items: {
              leaf_index: number | null;
              event: {
                [key: string]: unknown;
              };
            }[];
            next_cursor: string | null;
          };
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getAuditEventsEventId: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        event_id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            leaf_index: number | null;
            event: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not the caller’s tenant’s (not_found) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The state does not allow this now (conflict, stale_revision, duplicate_vote, …) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getAuditEventsEventIdProof: {
    parameters: {
      query?: {
        size?: number;
      };
      header?: never;
      path: {
        event_id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            event_id: string;
            leaf_index: number;
            tree_size: number;
            leaf_hash: string;
            root: string;
            inclusion: string[];
            checkpoint: string | null;
          };
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not the caller’s tenant’s (not_found) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The state does not allow this now (conflict, stale_revision, duplicate_vote, …) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getAuditConsistency: {
    parameters: {
      query: {
        from: number;
        to?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            from: number;
            to: number;
            from_root: string;
            to_root: string;
            proof: string[];
            checkpoint: string | null;
          };
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getAuditExport: {
    parameters: {
      query?: {
        since?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The log as JSON lines (see audit/export-format.ts), streamed */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/x-ndjson': string;
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getAuditQuarantine: {
    parameters: {
      query?: {
        all?: 'true' | 'false';
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            items: {
              id: string;
              kind: string;
              halts_integration: boolean;
              event_id: string | null;
              leaf_index: number | null;
              detail: string;
              body: {
                [key: string]: unknown;
              } | null;
              detected_at: string;
              resolved_at: string | null;
              resolved_by: string | null;
            }[];
          };
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  postAuditQuarantineIdResolve: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          comment?: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            id: string;
            kind: string;
            halts_integration: boolean;
            event_id: string | null;
            leaf_index: number | null;
            detail: string;
            body: {
              [key: string]: unknown;
            } | null;
            detected_at: string;
            resolved_at: string | null;
            resolved_by: string | null;
          };
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not the caller’s tenant’s (not_found) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The state does not allow this now (conflict, stale_revision, duplicate_vote, …) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body is over the size limit (body_too_large) */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not JSON (unsupported_media_type) */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getPlans: {
    parameters: {
      query?: {
        status?: 'pending_approval' | 'approved' | 'denied' | 'sent_back' | 'cancelled' | 'expired';
        risk?: 'read' | 'low' | 'medium' | 'high';
        environment?: 'dev' | 'stage' | 'prod';
        creator?: string;
        cursor?: string;
        limit?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            items: ({
              id: string;
              /** @enum {string} */
              status: 'pending_approval' | 'approved' | 'denied' | 'sent_back' | 'cancelled' | 'expired';
              content_hash: string;
              revision: number;
              decision: {
                /** @enum {string} */
                effect: 'allow' | 'deny' | 'require_approval';
                risk: {
                  /** @enum {string} */
                  level: 'read' | 'low' | 'medium' | 'high';
                  reasons: string[];
                  blast_radius: {
                    /** @enum {string} */
                    scope: 'namespace' | 'cluster' | 'account';
                    namespaces: string[];
                    clusters: string[];
                    services: string[];
                    teams: string[];
                  };
                } & {
                  [key: string]: unknown;
                };
                requirement?: {
                  tier: string;
                  approvers: string[];
                  quorum: number;
                  ttl_hours: number;
                };
                reasons: string[];
              } & {
                [key: string]: unknown;
              };
            } & {
              [key: string]: unknown;
            })[];
            next_cursor: string | null;
          };
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  postPlans: {
    parameters: {
      query?: never;
      header?: {
        'idempotency-key'?: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          summary: string;
          intent: string;
          /**
           * @default manual
           * @enum {string}
           */
          trigger?: 'manual' | 'alert' | 'webhook' | 'scheduled';
          context: {
            /** @enum {string} */
            environment: 'dev' | 'stage' | 'prod';
            cluster_id?: string;
            namespace?: string;
            aws_account_id?: string;
            region?: string;
            argocd_project?: string;
            grafana_org_id?: string;
          };
          constraints?: {
            [key: string]: unknown;
          } | null;
          plan_text?: string | null;
          purpose?: string;
          scope?: string;
          success_criteria?: string[];
          change_window?: {
            /** Format: date-time */
            start: string;
            /** Format: date-time */
            end: string;
          };
          steps: {
            step_id: string;
            action: string;
            tool: string;
            input: {
              [key: string]: unknown;
            };
            /** @default [] */
            preconditions?: string[];
            rollback?: {
              /** @enum {string} */
              type: 'argo' | 'scale' | 'custom' | 'undo';
              steps: string[];
            };
            /** @default [] */
            evidence_required?: {
              /** @enum {string} */
              type: 'promql' | 'traceql' | 'argocd' | 'k8s' | 'cloudtrail' | 'git' | 'log';
              query: string;
            }[];
          }[];
        };
      };
    };
    responses: {
      /** @description Default Response */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            id: string;
            /** @enum {string} */
            status: 'pending_approval' | 'approved' | 'denied' | 'sent_back' | 'cancelled' | 'expired';
            content_hash: string;
            revision: number;
            decision: {
              /** @enum {string} */
              effect: 'allow' | 'deny' | 'require_approval';
              risk: {
                /** @enum {string} */
                level: 'read' | 'low' | 'medium' | 'high';
                reasons: string[];
                blast_radius: {
                  /** @enum {string} */
                  scope: 'namespace' | 'cluster' | 'account';
                  namespaces: string[];
                  clusters: string[];
                  services: string[];
                  teams: string[];
                };
              } & {
                [key: string]: unknown;
              };
              requirement?: {
                tier: string;
                approvers: string[];
                quorum: number;
                ttl_hours: number;
              };
              reasons: string[];
            } & {
              [key: string]: unknown;
            };
          } & {
            [key: string]: unknown;
          };
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not the caller’s tenant’s (not_found) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The state does not allow this now (conflict, stale_revision, duplicate_vote, …) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body is over the size limit (body_too_large) */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not JSON (unsupported_media_type) */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The Idempotency-Key was used before for another request (idempotency_key_reused) */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getPlansId: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            id: string;
            /** @enum {string} */
            status: 'pending_approval' | 'approved' | 'denied' | 'sent_back' | 'cancelled' | 'expired';
            content_hash: string;
            revision: number;
            decision: {
              /** @enum {string} */
              effect: 'allow' | 'deny' | 'require_approval';
              risk: {
                /** @enum {string} */
                level: 'read' | 'low' | 'medium' | 'high';
                reasons: string[];
                blast_radius: {
                  /** @enum {string} */
                  scope: 'namespace' | 'cluster' | 'account';
                  namespaces: string[];
                  clusters: string[];
                  services: string[];
                  teams: string[];
                };
              } & {
                [key: string]: unknown;
              };
              requirement?: {
                tier: string;
                approvers: string[];
                quorum: number;
                ttl_hours: number;
              };
              reasons: string[];
            } & {
              [key: string]: unknown;
            };
          } & {
            [key: string]: unknown;
          };
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not the caller’s tenant’s (not_found) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The state does not allow this now (conflict, stale_revision, duplicate_vote, …) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  putPlansId: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          summary: string;
          intent: string;
          /**
           * @default manual
           * @enum {string}
           */
          trigger?: 'manual' | 'alert' | 'webhook' | 'scheduled';
          context: {
            /** @enum {string} */
            environment: 'dev' | 'stage' | 'prod';
            cluster_id?: string;
            namespace?: string;
            aws_account_id?: string;
            region?: string;
            argocd_project?: string;
            grafana_org_id?: string;
          };
          constraints?: {
            [key: string]: unknown;
          } | null;
          plan_text?: string | null;
          purpose?: string;
          scope?: string;
          success_criteria?: string[];
          change_window?: {
            /** Format: date-time */
            start: string;
            /** Format: date-time */
            end: string;
          };
          steps: {
            step_id: string;
            action: string;
            tool: string;
            input: {
              [key: string]: unknown;
            };
            /** @default [] */
            preconditions?: string[];
            rollback?: {
              /** @enum {string} */
              type: 'argo' | 'scale' | 'custom' | 'undo';
              steps: string[];
            };
            /** @default [] */
            evidence_required?: {
              /** @enum {string} */
              type: 'promql' | 'traceql' | 'argocd' | 'k8s' | 'cloudtrail' | 'git' | 'log';
              query: string;
            }[];
          }[];
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            id: string;
            /** @enum {string} */
            status: 'pending_approval' | 'approved' | 'denied' | 'sent_back' | 'cancelled' | 'expired';
            content_hash: string;
            revision: number;
            decision: {
              /** @enum {string} */
              effect: 'allow' | 'deny' | 'require_approval';
              risk: {
                /** @enum {string} */
                level: 'read' | 'low' | 'medium' | 'high';
                reasons: string[];
                blast_radius: {
                  /** @enum {string} */
                  scope: 'namespace' | 'cluster' | 'account';
                  namespaces: string[];
                  clusters: string[];
                  services: string[];
                  teams: string[];
                };
              } & {
                [key: string]: unknown;
              };
              requirement?: {
                tier: string;
                approvers: string[];
                quorum: number;
                ttl_hours: number;
              };
              reasons: string[];
            } & {
              [key: string]: unknown;
            };
          } & {
            [key: string]: unknown;
          };
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not the caller’s tenant’s (not_found) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The state does not allow this now (conflict, stale_revision, duplicate_vote, …) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body is over the size limit (body_too_large) */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not JSON (unsupported_media_type) */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getPlansIdDiff: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            plan_id: string;
            revision: number;
            content_hash: string;
            steps: ({
              step_id: string;
              tool: string;
              action: string;
              /** @enum {string} */
              status: 'previewed' | 'unavailable';
              connector: string | null;
              method: ('dry_run' | 'computed' | 'read_only') | null;
              changes: ({
                resource: string;
                field: string;
                before: unknown;
                after: unknown;
              } & {
                [key: string]: unknown;
              })[];
              notes: string[];
              reason: string | null;
              rollback: string;
            } & {
              [key: string]: unknown;
            })[];
            summary: string[];
            rollback: string;
            on_failure: string;
          } & {
            [key: string]: unknown;
          };
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not the caller’s tenant’s (not_found) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The state does not allow this now (conflict, stale_revision, duplicate_vote, …) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  postPlansIdCancel: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          reason?: string;
        } | null;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            id: string;
            /** @enum {string} */
            status: 'pending_approval' | 'approved' | 'denied' | 'sent_back' | 'cancelled' | 'expired';
            content_hash: string;
            revision: number;
            decision: {
              /** @enum {string} */
              effect: 'allow' | 'deny' | 'require_approval';
              risk: {
                /** @enum {string} */
                level: 'read' | 'low' | 'medium' | 'high';
                reasons: string[];
                blast_radius: {
                  /** @enum {string} */
                  scope: 'namespace' | 'cluster' | 'account';
                  namespaces: string[];
                  clusters: string[];
                  services: string[];
                  teams: string[];
                };
              } & {
                [key: string]: unknown;
              };
              requirement?: {
                tier: string;
                approvers: string[];
                quorum: number;
                ttl_hours: number;
              };
              reasons: string[];
            } & {
              [key: string]: unknown;
            };
          } & {
            [key: string]: unknown;
          };
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not the caller’s tenant’s (not_found) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The state does not allow this now (conflict, stale_revision, duplicate_vote, …) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body is over the size limit (body_too_large) */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not JSON (unsupported_media_type) */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  postPlansIdApprovals: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @enum {string} */
          decision: 'approve' | 'deny' | 'send_back';
          comment?: string;
          /**
           * @default api
           * @enum {string}
           */
          source?: 'ui' | 'cli' | 'api';
          template_answers?: {
            [key: string]: unknown;
          };
          content_hash?: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            approval: {
              id: string;
              plan_id: string;
              revision: number;
              content_hash: string;
              actor_id: string;
              /** @enum {string} */
              decision: 'approve' | 'deny' | 'send_back';
              comment: string | null;
              source: string;
              created_at: string;
            } & {
              [key: string]: unknown;
            };
            plan: {
              id: string;
              /** @enum {string} */
              status: 'pending_approval' | 'approved' | 'denied' | 'sent_back' | 'cancelled' | 'expired';
              content_hash: string;
              revision: number;
              decision: {
                /** @enum {string} */
                effect: 'allow' | 'deny' | 'require_approval';
                risk: {
                  /** @enum {string} */
                  level: 'read' | 'low' | 'medium' | 'high';
                  reasons: string[];
                  blast_radius: {
                    /** @enum {string} */
                    scope: 'namespace' | 'cluster' | 'account';
                    namespaces: string[];
                    clusters: string[];
                    services: string[];
                    teams: string[];
                  };
                } & {
                  [key: string]: unknown;
                };
                requirement?: {
                  tier: string;
                  approvers: string[];
                  quorum: number;
                  ttl_hours: number;
                };
                reasons: string[];
              } & {
                [key: string]: unknown;
              };
            } & {
              [key: string]: unknown;
            };
          } & {
            [key: string]: unknown;
          };
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not the caller’s tenant’s (not_found) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The state does not allow this now (conflict, stale_revision, duplicate_vote, …) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body is over the size limit (body_too_large) */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not JSON (unsupported_media_type) */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  postAuthorize: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          plan_id: string;
          step_id: string;
          tool: string;
          input: {
            [key: string]: unknown;
          };
          break_glass?: {
            reason: string;
          };
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            allowed: boolean;
            reason_code: string;
            reason: string;
            plan_id: string;
            step_id: string;
            valid_to?: string;
            exception_id?: string;
          };
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not the caller’s tenant’s (not_found) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The state does not allow this now (conflict, stale_revision, duplicate_vote, …) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body is over the size limit (body_too_large) */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not JSON (unsupported_media_type) */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getExceptions: {
    parameters: {
      query?: {
        status?: 'open' | 'resolved';
        type?: 'unapproved_attempt' | 'break_glass' | 'approval_expired';
        plan_id?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            items: {
              id: string;
              /** @enum {string} */
              type: 'unapproved_attempt' | 'break_glass' | 'approval_expired';
              /** @enum {string} */
              status: 'open' | 'resolved';
              actor_id: string;
              plan_id?: string;
              run_id?: string;
              reason?: string;
              details: {
                [key: string]: unknown;
              };
              raised_at: string;
              resolution?: {
                text: string;
                reviewer_id: string;
                at: string;
              };
            }[];
          };
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getExceptionsId: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            id: string;
            /** @enum {string} */
            type: 'unapproved_attempt' | 'break_glass' | 'approval_expired';
            /** @enum {string} */
            status: 'open' | 'resolved';
            actor_id: string;
            plan_id?: string;
            run_id?: string;
            reason?: string;
            details: {
              [key: string]: unknown;
            };
            raised_at: string;
            resolution?: {
              text: string;
              reviewer_id: string;
              at: string;
            };
          };
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not the caller’s tenant’s (not_found) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The state does not allow this now (conflict, stale_revision, duplicate_vote, …) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  postExceptionsIdResolve: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          resolution: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            id: string;
            /** @enum {string} */
            type: 'unapproved_attempt' | 'break_glass' | 'approval_expired';
            /** @enum {string} */
            status: 'open' | 'resolved';
            actor_id: string;
            plan_id?: string;
            run_id?: string;
            reason?: string;
            details: {
              [key: string]: unknown;
            };
            raised_at: string;
            resolution?: {
              text: string;
              reviewer_id: string;
              at: string;
            };
          };
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not the caller’s tenant’s (not_found) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The state does not allow this now (conflict, stale_revision, duplicate_vote, …) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body is over the size limit (body_too_large) */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not JSON (unsupported_media_type) */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  postPlansIdRuns: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          break_glass?: {
            reason: string;
          };
        } | null;
      };
    };
    responses: {
      /** @description Default Response */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            id: string;
            /** @enum {string} */
            status: 'queued' | 'running' | 'succeeded' | 'failed' | 'rolled_back' | 'cancelled';
          };
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not the caller’s tenant’s (not_found) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The state does not allow this now (conflict, stale_revision, duplicate_vote, …) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body is over the size limit (body_too_large) */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not JSON (unsupported_media_type) */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getRuns: {
    parameters: {
      query?: {
        plan_id?: string;
        status?: 'queued' | 'running' | 'succeeded' | 'failed' | 'rolled_back' | 'cancelled';
        limit?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            items: ({
              id: string;
              /** @enum {string} */
              status: 'queued' | 'running' | 'succeeded' | 'failed' | 'rolled_back' | 'cancelled';
              plan_id: string;
              /** Format: date-time */
              created_at: string;
              completed_at: string | null;
              error:
                | ({
                    code: string;
                    message: string;
                  } & {
                    [key: string]: unknown;
                  })
                | null;
            } & {
              [key: string]: unknown;
            })[];
          };
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getRunsId: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            id: string;
            /** @enum {string} */
            status: 'queued' | 'running' | 'succeeded' | 'failed' | 'rolled_back' | 'cancelled';
            plan_id: string;
            plan_revision: number;
            content_hash: string;
            identity_hash: string;
            started_by: string;
            break_glass_exception_id: string | null;
            retry_of: string | null;
            cancel_requested: boolean;
            attempts: number;
            /** @description Set while the run waits to be resumed after its last drive stopped on an error (the worker's log says why) */
            resume_after: string | null;
            /** @description Drives of the run in a row that stopped on an error */
            failed_drives: number;
            error:
              | ({
                  code: string;
                  message: string;
                } & {
                  [key: string]: unknown;
                })
              | null;
            context: {
              [key: string]: unknown;
            };
            /** Format: date-time */
            created_at: string;
            started_at: string | null;
            completed_at: string | null;
            steps: ({
              step_id: string;
              position: number;
              status: string;
              action?: string;
              tool?: string;
              rollback: {
                /** @enum {string} */
                type: 'argo' | 'scale' | 'custom' | 'undo';
                steps: string[];
              } | null;
              preconditions: {
                text: string;
                checked: boolean;
                ok: boolean;
                detail: string;
              }[];
              error:
                | ({
                    code: string;
                    message: string;
                  } & {
                    [key: string]: unknown;
                  })
                | null;
              started_at: string | null;
              completed_at: string | null;
              tool_calls: ({
                tool_call_id: string;
                tool_name: string;
                /** @enum {string} */
                phase: 'do' | 'undo';
                status: string;
                attempts: number;
                idempotency_key: string;
                input_ref: string | null;
                input_sha256: string | null;
                output_ref: string | null;
                output_sha256: string | null;
                link: string | null;
                error:
                  | ({
                      code: string;
                      message: string;
                    } & {
                      [key: string]: unknown;
                    })
                  | null;
                started_at: string | null;
                completed_at: string | null;
              } & {
                [key: string]: unknown;
              })[];
              evidence: ({
                evidence_id: string;
                type: string;
                query: string;
                result_ref: string;
                sha256: string;
                link: string | null;
                /** Format: date-time */
                collected_at: string;
              } & {
                [key: string]: unknown;
              })[];
            } & {
              [key: string]: unknown;
            })[];
          } & {
            [key: string]: unknown;
          };
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not the caller’s tenant’s (not_found) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The state does not allow this now (conflict, stale_revision, duplicate_vote, …) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getRunsIdLogs: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            run_id: string;
            plan_id: string;
            /** @enum {string} */
            status: 'queued' | 'running' | 'succeeded' | 'failed' | 'rolled_back' | 'cancelled';
            cancel_requested: boolean;
            error:
              | ({
                  code: string;
                  message: string;
                } & {
                  [key: string]: unknown;
                })
              | null;
            /** Format: date-time */
            created_at: string;
            started_at: string | null;
            completed_at: string | null;
            progress: {
              steps: number;
              done: number;
              current_step_id: string | null;
            };
            steps: {
              step_id: string;
              position: number;
              status: string;
              action?: string;
              tool?: string;
              started_at: string | null;
              completed_at: string | null;
              error:
                | ({
                    code: string;
                    message: string;
                  } & {
                    [key: string]: unknown;
                  })
                | null;
              preconditions: {
                text: string;
                checked: boolean;
                ok: boolean;
                detail: string;
              }[];
              tool_calls: {
                tool_call_id: string;
                tool_name: string;
                /** @enum {string} */
                phase: 'do' | 'undo';
                status: string;
                attempts: number;
                link: string | null;
                error:
                  | ({
                      code: string;
                      message: string;
                    } & {
                      [key: string]: unknown;
                    })
                  | null;
                started_at: string | null;
                completed_at: string | null;
                /** @description The first 600 characters of the stored, redacted output (JSON) */
                output_excerpt: string | null;
                output_truncated: boolean;
              }[];
              evidence: {
                type: string;
                query: string;
                link: string | null;
                /** Format: date-time */
                collected_at: string;
              }[];
            }[];
          };
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not the caller’s tenant’s (not_found) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The state does not allow this now (conflict, stale_revision, duplicate_vote, …) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  postRunsIdCancel: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            id: string;
            /** @enum {string} */
            status: 'queued' | 'running' | 'succeeded' | 'failed' | 'rolled_back' | 'cancelled';
            cancel_requested: boolean;
          };
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not the caller’s tenant’s (not_found) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The state does not allow this now (conflict, stale_revision, duplicate_vote, …) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body is over the size limit (body_too_large) */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not JSON (unsupported_media_type) */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  postRunsIdRetry: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            id: string;
            /** @enum {string} */
            status: 'queued' | 'running' | 'succeeded' | 'failed' | 'rolled_back' | 'cancelled';
          };
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not the caller’s tenant’s (not_found) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The state does not allow this now (conflict, stale_revision, duplicate_vote, …) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body is over the size limit (body_too_large) */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not JSON (unsupported_media_type) */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getRunsIdKindObject: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
        kind: 'evidence' | 'tool-output' | 'tool-input';
        object: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            [key: string]: unknown;
          };
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not the caller’s tenant’s (not_found) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The state does not allow this now (conflict, stale_revision, duplicate_vote, …) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  postRunsIdVerifications: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            id: string;
            run_id: string;
            /** @enum {string} */
            flow: 'pre_run' | 'post_run';
            /** @enum {string} */
            status: 'running';
          };
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not the caller’s tenant’s (not_found) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The state does not allow this now (conflict, stale_revision, duplicate_vote, …) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body is over the size limit (body_too_large) */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not JSON (unsupported_media_type) */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getRunsIdVerification: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            run_id: string;
            verification:
              | ({
                  id: string;
                  run_id: string;
                  /** @enum {string} */
                  flow: 'pre_run' | 'post_run';
                  /** @enum {string} */
                  status: 'queued' | 'running' | 'completed';
                  /** @enum {string} */
                  outcome: 'pending' | 'succeeded' | 'failed';
                  summary_counts: {
                    [key: string]: number;
                  };
                  failure_summary:
                    | ({
                        code: string;
                        message: string;
                      } & {
                        [key: string]: unknown;
                      })
                    | null;
                  started_by: string;
                  /** Format: date-time */
                  created_at: string;
                  started_at: string | null;
                  completed_at: string | null;
                } & {
                  [key: string]: unknown;
                })
              | null;
            report: {
              /** @enum {string} */
              schema_version: '1.0';
              /** @enum {string} */
              flow: 'pre_run' | 'post_run';
              identity: {
                /** Format: uuid */
                tenant_id: string;
                /** Format: uuid */
                run_id: string;
                /** Format: uuid */
                plan_id: string;
                content_hash: string;
              };
              /** Format: date-time */
              generated_at: string;
              summary: {
                /** @enum {string} */
                overall: 'ready' | 'needs_attention' | 'blocked' | 'running';
                blocking_failures: number;
                counts: {
                  pass: number;
                  fail: number;
                  warn: number;
                  skip: number;
                  running: number;
                };
              };
              checks: {
                key: string;
                title: string;
                /** @enum {string} */
                status: 'pass' | 'fail' | 'warn' | 'skip' | 'running';
                /** @enum {string} */
                severity: 'info' | 'low' | 'medium' | 'high' | 'critical';
                blocking: boolean;
                reason_code: string;
                message: string;
                evidence: (
                  | {
                      /** @enum {string} */
                      kind: 'object_ref';
                      ref: string;
                      sha256?: string;
                    }
                  | {
                      /** @enum {string} */
                      kind: 'sha256';
                      sha256: string;
                      label?: string;
                    }
                  | {
                      /** @enum {string} */
                      kind: 'url';
                      url: string;
                      label?: string;
                    }
                )[];
                next_steps: {
                  label: string;
                  url: string;
                }[];
              }[];
            } | null;
          };
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not the caller’s tenant’s (not_found) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The state does not allow this now (conflict, stale_revision, duplicate_vote, …) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getGovernanceDecisions: {
    parameters: {
      query?: {
        tenant?: string;
        status?: 'pending' | 'approved' | 'denied' | 'revoked';
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            items: ({
              id: string;
              tenant_id: string;
              /** @enum {string} */
              kind: 'accepted_risk' | 'exception';
              title: string;
              /** @enum {string} */
              severity: 'info' | 'low' | 'medium' | 'high' | 'critical';
              /** @enum {string} */
              source_kind: 'finding' | 'exception_event' | 'failed_check';
              source_ref: {
                [key: string]: unknown;
              };
              /** @enum {string} */
              status: 'pending' | 'approved' | 'denied' | 'revoked';
              owner_user_id: string | null;
              requested_by: string;
              approved_by_user_id: string | null;
              request_reason: string;
              review_due_at: string | null;
              effective_from: string;
              expires_at: string;
              /** @enum {string} */
              current_validity_state: 'valid' | 'expiring' | 'expired' | 'revoked' | 'missing_basis';
              validity_reasons: string[];
              approval: {
                quorum: number;
                readonly approvers: string[];
                votes: ({
                  actor_id: string;
                  /** @enum {string} */
                  decision: 'approve' | 'deny' | 'send_back';
                  at: string;
                  comment?: string;
                } & {
                  [key: string]: unknown;
                })[];
                request_expires_at: string;
              } & {
                [key: string]: unknown;
              };
              revoked_at: string | null;
              revoked_by: string | null;
              revoke_reason: string | null;
              created_at: string;
              updated_at: string;
            } & {
              [key: string]: unknown;
            })[];
          } & {
            [key: string]: unknown;
          };
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  postGovernanceDecisions: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          tenant?: string;
          /** @enum {string} */
          kind: 'accepted_risk' | 'exception';
          title: string;
          /** @enum {string} */
          severity: 'info' | 'low' | 'medium' | 'high' | 'critical';
          source:
            | {
                /** @enum {string} */
                kind: 'finding';
                ref: string;
                summary?: string;
              }
            | {
                /** @enum {string} */
                kind: 'exception_event';
                exception_id: string;
              }
            | {
                /** @enum {string} */
                kind: 'failed_check';
                run_id: string;
                check_key: string;
              };
          owner_user_id?: string;
          request_reason: string;
          /** Format: date-time */
          review_due_at?: string;
          /** Format: date-time */
          effective_from?: string;
          /** Format: date-time */
          expires_at: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            id: string;
            tenant_id: string;
            /** @enum {string} */
            kind: 'accepted_risk' | 'exception';
            title: string;
            /** @enum {string} */
            severity: 'info' | 'low' | 'medium' | 'high' | 'critical';
            /** @enum {string} */
            source_kind: 'finding' | 'exception_event' | 'failed_check';
            source_ref: {
              [key: string]: unknown;
            };
            /** @enum {string} */
            status: 'pending' | 'approved' | 'denied' | 'revoked';
            owner_user_id: string | null;
            requested_by: string;
            approved_by_user_id: string | null;
            request_reason: string;
            review_due_at: string | null;
            effective_from: string;
            expires_at: string;
            /** @enum {string} */
            current_validity_state: 'valid' | 'expiring' | 'expired' | 'revoked' | 'missing_basis';
            validity_reasons: string[];
            approval: {
              quorum: number;
              readonly approvers: string[];
              votes: ({
                actor_id: string;
                /** @enum {string} */
                decision: 'approve' | 'deny' | 'send_back';
                at: string;
                comment?: string;
              } & {
                [key: string]: unknown;
              })[];
              request_expires_at: string;
            } & {
              [key: string]: unknown;
            };
            revoked_at: string | null;
            revoked_by: string | null;
            revoke_reason: string | null;
            created_at: string;
            updated_at: string;
          } & {
            [key: string]: unknown;
          };
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not the caller’s tenant’s (not_found) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The state does not allow this now (conflict, stale_revision, duplicate_vote, …) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body is over the size limit (body_too_large) */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not JSON (unsupported_media_type) */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getGovernanceDecisionsId: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            id: string;
            tenant_id: string;
            /** @enum {string} */
            kind: 'accepted_risk' | 'exception';
            title: string;
            /** @enum {string} */
            severity: 'info' | 'low' | 'medium' | 'high' | 'critical';
            /** @enum {string} */
            source_kind: 'finding' | 'exception_event' | 'failed_check';
            source_ref: {
              [key: string]: unknown;
            };
            /** @enum {string} */
            status: 'pending' | 'approved' | 'denied' | 'revoked';
            owner_user_id: string | null;
            requested_by: string;
            approved_by_user_id: string | null;
            request_reason: string;
            review_due_at: string | null;
            effective_from: string;
            expires_at: string;
            /** @enum {string} */
            current_validity_state: 'valid' | 'expiring' | 'expired' | 'revoked' | 'missing_basis';
            validity_reasons: string[];
            approval: {
              quorum: number;
              readonly approvers: string[];
              votes: ({
                actor_id: string;
                /** @enum {string} */
                decision: 'approve' | 'deny' | 'send_back';
                at: string;
                comment?: string;
              } & {
                [key: string]: unknown;
              })[];
              request_expires_at: string;
            } & {
              [key: string]: unknown;
            };
            revoked_at: string | null;
            revoked_by: string | null;
            revoke_reason: string | null;
            created_at: string;
            updated_at: string;
          } & {
            [key: string]: unknown;
          };
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not the caller’s tenant’s (not_found) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The state does not allow this now (conflict, stale_revision, duplicate_vote, …) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  postGovernanceDecisionsIdApprovals: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @enum {string} */
          decision: 'approve' | 'deny';
          comment?: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            id: string;
            tenant_id: string;
            /** @enum {string} */
            kind: 'accepted_risk' | 'exception';
            title: string;
            /** @enum {string} */
            severity: 'info' | 'low' | 'medium' | 'high' | 'critical';
            /** @enum {string} */
            source_kind: 'finding' | 'exception_event' | 'failed_check';
            source_ref: {
              [key: string]: unknown;
            };
            /** @enum {string} */
            status: 'pending' | 'approved' | 'denied' | 'revoked';
            owner_user_id: string | null;
            requested_by: string;
            approved_by_user_id: string | null;
            request_reason: string;
            review_due_at: string | null;
            effective_from: string;
            expires_at: string;
            /** @enum {string} */
            current_validity_state: 'valid' | 'expiring' | 'expired' | 'revoked' | 'missing_basis';
            validity_reasons: string[];
            approval: {
              quorum: number;
              readonly approvers: string[];
              votes: ({
                actor_id: string;
                /** @enum {string} */
                decision: 'approve' | 'deny' | 'send_back';
                at: string;
                comment?: string;
              } & {
                [key: string]: unknown;
              })[];
              request_expires_at: string;
            } & {
              [key: string]: unknown;
            };
            revoked_at: string | null;
            revoked_by: string | null;
            revoke_reason: string | null;
            created_at: string;
            updated_at: string;
          } & {
            [key: string]: unknown;
          };
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not the caller’s tenant’s (not_found) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The state does not allow this now (conflict, stale_revision, duplicate_vote, …) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body is over the size limit (body_too_large) */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not JSON (unsupported_media_type) */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  postGovernanceDecisionsIdRevoke: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          reason: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            id: string;
            tenant_id: string;
            /** @enum {string} */
            kind: 'accepted_risk' | 'exception';
            title: string;
            /** @enum {string} */
            severity: 'info' | 'low' | 'medium' | 'high' | 'critical';
            /** @enum {string} */
            source_kind: 'finding' | 'exception_event' | 'failed_check';
            source_ref: {
              [key: string]: unknown;
            };
            /** @enum {string} */
            status: 'pending' | 'approved' | 'denied' | 'revoked';
            owner_user_id: string | null;
            requested_by: string;
            approved_by_user_id: string | null;
            request_reason: string;
            review_due_at: string | null;
            effective_from: string;
            expires_at: string;
            /** @enum {string} */
            current_validity_state: 'valid' | 'expiring' | 'expired' | 'revoked' | 'missing_basis';
            validity_reasons: string[];
            approval: {
              quorum: number;
              readonly approvers: string[];
              votes: ({
                actor_id: string;
                /** @enum {string} */
                decision: 'approve' | 'deny' | 'send_back';
                at: string;
                comment?: string;
              } & {
                [key: string]: unknown;
              })[];
              request_expires_at: string;
            } & {
              [key: string]: unknown;
            };
            revoked_at: string | null;
            revoked_by: string | null;
            revoke_reason: string | null;
            created_at: string;
            updated_at: string;
          } & {
            [key: string]: unknown;
          };
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not the caller’s tenant’s (not_found) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The state does not allow this now (conflict, stale_revision, duplicate_vote, …) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body is over the size limit (body_too_large) */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not JSON (unsupported_media_type) */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getGovernanceReviews: {
    parameters: {
      query?: {
        tenant?: string;
        status?: 'draft' | 'released';
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            items: ({
              id: string;
              tenant_id: string;
              tenant_name: string;
              /** @enum {string} */
              status: 'draft' | 'released';
              generated_at: string;
              published_at: string | null;
              summary: {
                [key: string]: unknown;
              };
              evidence_snapshot_id: string;
              current_export_review_pack_id: string | null;
              created_by: string;
              released_by: string | null;
            } & {
              [key: string]: unknown;
            })[];
          } & {
            [key: string]: unknown;
          };
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  postGovernanceReviews: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          tenant?: string;
        } | null;
      };
    };
    responses: {
      /** @description Default Response */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            id: string;
            tenant_id: string;
            tenant_name: string;
            /** @enum {string} */
            status: 'draft' | 'released';
            generated_at: string;
            published_at: string | null;
            summary: {
              [key: string]: unknown;
            };
            evidence_snapshot_id: string;
            current_export_review_pack_id: string | null;
            created_by: string;
            released_by: string | null;
            sections: ({
              /** @enum {string} */
              section_key:
                | 'executive_summary'
                | 'control_interpretation'
                | 'open_risks'
                | 'accepted_risks'
                | 'permission_posture'
                | 'baseline_drift_posture'
                | 'operations_health';
              title: string;
              sort_order: number;
              /** @enum {string} */
              completeness_state: 'complete' | 'partial' | 'missing';
              summary_payload: {
                [key: string]: unknown;
              };
              render_payload: {
                [key: string]: unknown;
              };
              measured_at: string;
            } & {
              [key: string]: unknown;
            })[];
            package: {
              review_id: string;
              tenant_id: string;
              interpretation_version: string | null;
              /** @enum {string} */
              delivery_artifact_family: 'review_pack';
              package_availability: {
                /** @enum {string} */
                state: 'available' | 'partial' | 'unavailable' | 'expired' | 'blocked';
                reason_code:
                  | (
                      | 'stale_basis'
                      | 'evidence_basis_partial'
                      | 'current_review_pack_missing'
                      | 'interpretation_missing'
                      | 'source_not_publishable'
                      | 'current_review_pack_expired'
                      | 'entitlement_restricted'
                    )
                  | null;
              } & {
                [key: string]: unknown;
              };
              executive_summary: {
                [key: string]: unknown;
              };
              top_findings: {
                [key: string]: unknown;
              }[];
              accepted_risks: ({
                decision_id: string;
                title: string;
                severity: string;
                accountable_label: string | null;
                expires_at: string;
              } & {
                [key: string]: unknown;
              })[];
              governance_decisions: ({
                decision_id: string;
                /** @enum {string} */
                decision_source: 'accepted_risk' | 'exception';
                /** @enum {string} */
                decision_state: 'valid' | 'expiring' | 'expired' | 'revoked' | 'missing_basis';
                decision_summary: string;
                accountable_label: string | null;
                review_due_at: string | null;
                expires_at: string | null;
                follow_up_message: string;
              } & {
                [key: string]: unknown;
              })[];
              evidence_basis_summary:
                | ({
                    snapshot_id: string;
                    /** @enum {string} */
                    completeness_state: 'complete' | 'partial' | 'missing';
                    item_count: number;
                    generated_at: string;
                    sha256: string;
                  } & {
                    [key: string]: unknown;
                  })
                | null;
              supporting_artifact_links: ({
                /** @enum {string} */
                artifact_family: 'review_pack' | 'evidence_snapshot' | 'audit_checkpoint';
                /** @enum {string} */
                state: 'usable' | 'forbidden' | 'unavailable';
                label: string;
                message: string;
                reason_code: 'supporting_access_limited' | null;
                url: string | null;
              } & {
                [key: string]: unknown;
              })[];
              calm_disclosure: string;
            } & {
              [key: string]: unknown;
            };
          } & {
            [key: string]: unknown;
          };
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not the caller’s tenant’s (not_found) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The state does not allow this now (conflict, stale_revision, duplicate_vote, …) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body is over the size limit (body_too_large) */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not JSON (unsupported_media_type) */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getGovernanceReviewsId: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            id: string;
            tenant_id: string;
            tenant_name: string;
            /** @enum {string} */
            status: 'draft' | 'released';
            generated_at: string;
            published_at: string | null;
            summary: {
              [key: string]: unknown;
            };
            evidence_snapshot_id: string;
            current_export_review_pack_id: string | null;
            created_by: string;
            released_by: string | null;
            sections: ({
              /** @enum {string} */
              section_key:
                | 'executive_summary'
                | 'control_interpretation'
                | 'open_risks'
                | 'accepted_risks'
                | 'permission_posture'
                | 'baseline_drift_posture'
                | 'operations_health';
              title: string;
              sort_order: number;
              /** @enum {string} */
              completeness_state: 'complete' | 'partial' | 'missing';
              summary_payload: {
                [key: string]: unknown;
              };
              render_payload: {
                [key: string]: unknown;
              };
              measured_at: string;
            } & {
              [key: string]: unknown;
            })[];
            package: {
              review_id: string;
              tenant_id: string;
              interpretation_version: string | null;
              /** @enum {string} */
              delivery_artifact_family: 'review_pack';
              package_availability: {
                /** @enum {string} */
                state: 'available' | 'partial' | 'unavailable' | 'expired' | 'blocked';
                reason_code:
                  | (
                      | 'stale_basis'
                      | 'evidence_basis_partial'
                      | 'current_review_pack_missing'
                      | 'interpretation_missing'
                      | 'source_not_publishable'
                      | 'current_review_pack_expired'
                      | 'entitlement_restricted'
                    )
                  | null;
              } & {
                [key: string]: unknown;
              };
              executive_summary: {
                [key: string]: unknown;
              };
              top_findings: {
                [key: string]: unknown;
              }[];
              accepted_risks: ({
                decision_id: string;
                title: string;
                severity: string;
                accountable_label: string | null;
                expires_at: string;
              } & {
                [key: string]: unknown;
              })[];
              governance_decisions: ({
                decision_id: string;
                /** @enum {string} */
                decision_source: 'accepted_risk' | 'exception';
                /** @enum {string} */
                decision_state: 'valid' | 'expiring' | 'expired' | 'revoked' | 'missing_basis';
                decision_summary: string;
                accountable_label: string | null;
                review_due_at: string | null;
                expires_at: string | null;
                follow_up_message: string;
              } & {
                [key: string]: unknown;
              })[];
              evidence_basis_summary:
                | ({
                    snapshot_id: string;
                    /** @enum {string} */
                    completeness_state: 'complete' | 'partial' | 'missing';
                    item_count: number;
                    generated_at: string;
                    sha256: string;
                  } & {
                    [key: string]: unknown;
                  })
                | null;
              supporting_artifact_links: ({
                /** @enum {string} */
                artifact_family: 'review_pack' | 'evidence_snapshot' | 'audit_checkpoint';
                /** @enum {string} */
                state: 'usable' | 'forbidden' | 'unavailable';
                label: string;
                message: string;
                reason_code: 'supporting_access_limited' | null;
                url: string | null;
              } & {
                [key: string]: unknown;
              })[];
              calm_disclosure: string;
            } & {
              [key: string]: unknown;
            };
          } & {
            [key: string]: unknown;
          };
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not the caller’s tenant’s (not_found) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The state does not allow this now (conflict, stale_revision, duplicate_vote, …) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getGovernanceReviewsIdPackage: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            review_id: string;
            tenant_id: string;
            interpretation_version: string | null;
            /** @enum {string} */
            delivery_artifact_family: 'review_pack';
            package_availability: {
              /** @enum {string} */
              state: 'available' | 'partial' | 'unavailable' | 'expired' | 'blocked';
              reason_code:
                | (
                    | 'stale_basis'
                    | 'evidence_basis_partial'
                    | 'current_review_pack_missing'
                    | 'interpretation_missing'
                    | 'source_not_publishable'
                    | 'current_review_pack_expired'
                    | 'entitlement_restricted'
                  )
                | null;
            } & {
              [key: string]: unknown;
            };
            executive_summary: {
              [key: string]: unknown;
            };
            top_findings: {
              [key: string]: unknown;
            }[];
            accepted_risks: ({
              decision_id: string;
              title: string;
              severity: string;
              accountable_label: string | null;
              expires_at: string;
            } & {
              [key: string]: unknown;
            })[];
            governance_decisions: ({
              decision_id: string;
              /** @enum {string} */
              decision_source: 'accepted_risk' | 'exception';
              /** @enum {string} */
              decision_state: 'valid' | 'expiring' | 'expired' | 'revoked' | 'missing_basis';
              decision_summary: string;
              accountable_label: string | null;
              review_due_at: string | null;
              expires_at: string | null;
              follow_up_message: string;
            } & {
              [key: string]: unknown;
            })[];
            evidence_basis_summary:
              | ({
                  snapshot_id: string;
                  /** @enum {string} */
                  completeness_state: 'complete' | 'partial' | 'missing';
                  item_count: number;
                  generated_at: string;
                  sha256: string;
                } & {
                  [key: string]: unknown;
                })
              | null;
            supporting_artifact_links: ({
              /** @enum {string} */
              artifact_family: 'review_pack' | 'evidence_snapshot' | 'audit_checkpoint';
              /** @enum {string} */
              state: 'usable' | 'forbidden' | 'unavailable';
              label: string;
              message: string;
              reason_code: 'supporting_access_limited' | null;
              url: string | null;
            } & {
              [key: string]: unknown;
            })[];
            calm_disclosure: string;
          } & {
            [key: string]: unknown;
          };
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not the caller’s tenant’s (not_found) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The state does not allow this now (conflict, stale_revision, duplicate_vote, …) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  postGovernanceReviewsIdRelease: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            id: string;
            tenant_id: string;
            tenant_name: string;
            /** @enum {string} */
            status: 'draft' | 'released';
            generated_at: string;
            published_at: string | null;
            summary: {
              [key: string]: unknown;
            };
            evidence_snapshot_id: string;
            current_export_review_pack_id: string | null;
            created_by: string;
            released_by: string | null;
            sections: ({
              /** @enum {string} */
              section_key:
                | 'executive_summary'
                | 'control_interpretation'
                | 'open_risks'
                | 'accepted_risks'
                | 'permission_posture'
                | 'baseline_drift_posture'
                | 'operations_health';
              title: string;
              sort_order: number;
              /** @enum {string} */
              completeness_state: 'complete' | 'partial' | 'missing';
              summary_payload: {
                [key: string]: unknown;
              };
              render_payload: {
                [key: string]: unknown;
              };
              measured_at: string;
            } & {
              [key: string]: unknown;
            })[];
            package: {
              review_id: string;
              tenant_id: string;
              interpretation_version: string | null;
              /** @enum {string} */
              delivery_artifact_family: 'review_pack';
              package_availability: {
                /** @enum {string} */
                state: 'available' | 'partial' | 'unavailable' | 'expired' | 'blocked';
                reason_code:
                  | (
                      | 'stale_basis'
                      | 'evidence_basis_partial'
                      | 'current_review_pack_missing'
                      | 'interpretation_missing'
                      | 'source_not_publishable'
                      | 'current_review_pack_expired'
                      | 'entitlement_restricted'
                    )
                  | null;
              } & {
                [key: string]: unknown;
              };
              executive_summary: {
                [key: string]: unknown;
              };
              top_findings: {
                [key: string]: unknown;
              }[];
              accepted_risks: ({
                decision_id: string;
                title: string;
                severity: string;
                accountable_label: string | null;
                expires_at: string;
              } & {
                [key: string]: unknown;
              })[];
              governance_decisions: ({
                decision_id: string;
                /** @enum {string} */
                decision_source: 'accepted_risk' | 'exception';
                /** @enum {string} */
                decision_state: 'valid' | 'expiring' | 'expired' | 'revoked' | 'missing_basis';
                decision_summary: string;
                accountable_label: string | null;
                review_due_at: string | null;
                expires_at: string | null;
                follow_up_message: string;
              } & {
                [key: string]: unknown;
              })[];
              evidence_basis_summary:
                | ({
                    snapshot_id: string;
                    /** @enum {string} */
                    completeness_state: 'complete' | 'partial' | 'missing';
                    item_count: number;
                    generated_at: string;
                    sha256: string;
                  } & {
                    [key: string]: unknown;
                  })
                | null;
              supporting_artifact_links: ({
                /** @enum {string} */
                artifact_family: 'review_pack' | 'evidence_snapshot' | 'audit_checkpoint';
                /** @enum {string} */
                state: 'usable' | 'forbidden' | 'unavailable';
                label: string;
                message: string;
                reason_code: 'supporting_access_limited' | null;
                url: string | null;
              } & {
                [key: string]: unknown;
              })[];
              calm_disclosure: string;
            } & {
              [key: string]: unknown;
            };
          } & {
            [key: string]: unknown;
          };
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not the caller’s tenant’s (not_found) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The state does not allow this now (conflict, stale_revision, duplicate_vote, …) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body is over the size limit (body_too_large) */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not JSON (unsupported_media_type) */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  postGovernanceReviewsIdPacks: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            id: string;
            tenant_id: string;
            tenant_review_id: string;
            /** @enum {string} */
            status: 'ready' | 'failed';
            sha256: string;
            size_bytes: number;
            expires_at: string;
            summary: {
              [key: string]: unknown;
            };
            created_by: string;
            created_at: string;
          } & {
            [key: string]: unknown;
          };
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not the caller’s tenant’s (not_found) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The state does not allow this now (conflict, stale_revision, duplicate_vote, …) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body is over the size limit (body_too_large) */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not JSON (unsupported_media_type) */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getGovernancePacksId: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            id: string;
            tenant_id: string;
            tenant_review_id: string;
            /** @enum {string} */
            status: 'ready' | 'failed';
            sha256: string;
            size_bytes: number;
            expires_at: string;
            summary: {
              [key: string]: unknown;
            };
            created_by: string;
            created_at: string;
          } & {
            [key: string]: unknown;
          };
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not the caller’s tenant’s (not_found) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The state does not allow this now (conflict, stale_revision, duplicate_vote, …) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getGovernancePacksIdLink: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            url: string;
            expires_at: string;
          } & {
            [key: string]: unknown;
          };
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not the caller’s tenant’s (not_found) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The state does not allow this now (conflict, stale_revision, duplicate_vote, …) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getGovernanceSnapshotsId: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            id: string;
            tenant_id: string;
            /** @enum {string} */
            status: 'active' | 'expired';
            /** @enum {string} */
            completeness_state: 'complete' | 'partial' | 'missing';
            generated_at: string;
            expires_at: string;
            summary: {
              [key: string]: unknown;
            };
            items: {
              [key: string]: unknown;
            }[];
            sha256: string;
          } & {
            [key: string]: unknown;
          };
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not the caller’s tenant’s (not_found) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The state does not allow this now (conflict, stale_revision, duplicate_vote, …) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getGovernanceWorkspace: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            tenants: ({
              tenant_id: string;
              tenant_name: string;
              review_id: string;
              published_at: string | null;
              package_availability: {
                /** @enum {string} */
                state: 'available' | 'partial' | 'unavailable' | 'expired' | 'blocked';
                reason_code:
                  | (
                      | 'stale_basis'
                      | 'evidence_basis_partial'
                      | 'current_review_pack_missing'
                      | 'interpretation_missing'
                      | 'source_not_publishable'
                      | 'current_review_pack_expired'
                      | 'entitlement_restricted'
                    )
                  | null;
              } & {
                [key: string]: unknown;
              };
              accepted_risks: number;
              governance_decisions: number;
            } & {
              [key: string]: unknown;
            })[];
            counts: {
              tenants_with_released_reviews: number;
              by_package_state: {
                [key: string]: number;
              };
            } & {
              [key: string]: unknown;
            };
          } & {
            [key: string]: unknown;
          };
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getPolicies: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            active: number | 'default';
            versions: {
              id: string;
              version: number | 'default';
              version_hash: string;
              active: boolean;
              created_at: string | null;
              created_by: string | null;
            }[];
          };
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  postPolicies: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          policies: string;
          /** @default false */
          activate?: boolean;
        };
      };
    };
    responses: {
      /** @description Default Response */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            id: string;
            version: number | 'default';
            version_hash: string;
            active: boolean;
            created_at: string | null;
            created_by: string | null;
          };
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not the caller’s tenant’s (not_found) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The state does not allow this now (conflict, stale_revision, duplicate_vote, …) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body is over the size limit (body_too_large) */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not JSON (unsupported_media_type) */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  postPoliciesSimulate: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          policies: string;
          /** @default 100 */
          last?: number;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            policy_version: string;
            compared: number;
            changed: {
              plan_id: string;
              summary: string;
              created_at: string;
              /** @enum {string} */
              current: 'allow' | 'deny' | 'require_approval';
              /** @enum {string} */
              simulated: 'allow' | 'deny' | 'require_approval';
              requirement_before?: {
                /** @enum {string} */
                tier: 'medium' | 'high';
                approvers: string[];
                quorum: number;
                ttl_hours: number;
              };
              requirement_after?: {
                /** @enum {string} */
                tier: 'medium' | 'high';
                approvers: string[];
                quorum: number;
                ttl_hours: number;
              };
              reasons: string[];
            }[];
          };
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not the caller’s tenant’s (not_found) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The state does not allow this now (conflict, stale_revision, duplicate_vote, …) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body is over the size limit (body_too_large) */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not JSON (unsupported_media_type) */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  postPoliciesTest: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          policies?: string;
          cases: {
            name: string;
            step: {
              tool: string;
              input: {
                [key: string]: unknown;
              };
              /** @enum {string} */
              environment: 'dev' | 'stage' | 'prod';
              namespace?: string;
              cluster_id?: string;
            };
            actor?: {
              /** @default policy-test */
              id?: string;
              /**
               * @default agent
               * @enum {string}
               */
              type?: 'user' | 'service' | 'agent';
              /** @default [] */
              roles?: string[];
            };
            expect: {
              /** @enum {string} */
              effect: 'allow' | 'deny' | 'require_approval';
              quorum?: number;
              /** @enum {string} */
              tier?: 'medium' | 'high';
            };
          }[];
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            passed: number;
            failed: number;
            results: {
              name: string;
              pass: boolean;
              expected: {
                /** @enum {string} */
                effect: 'allow' | 'deny' | 'require_approval';
                quorum?: number;
                tier?: string;
              };
              actual: {
                /** @enum {string} */
                effect: 'allow' | 'deny' | 'require_approval';
                quorum?: number;
                tier?: string;
              };
              reasons: string[];
            }[];
          };
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not the caller’s tenant’s (not_found) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The state does not allow this now (conflict, stale_revision, duplicate_vote, …) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body is over the size limit (body_too_large) */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not JSON (unsupported_media_type) */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getPoliciesVersion: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        version: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            id: string;
            version: number | 'default';
            version_hash: string;
            active: boolean;
            created_at: string | null;
            created_by: string | null;
            policies: string;
          };
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not the caller’s tenant’s (not_found) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The state does not allow this now (conflict, stale_revision, duplicate_vote, …) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  postPoliciesVersionActivate: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        version: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            id: string;
            version: number | 'default';
            version_hash: string;
            active: boolean;
            created_at: string | null;
            created_by: string | null;
          };
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not the caller’s tenant’s (not_found) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The state does not allow this now (conflict, stale_revision, duplicate_vote, …) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body is over the size limit (body_too_large) */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not JSON (unsupported_media_type) */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getTools: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            items: {
              name: string;
              description: string;
              /** @enum {string} */
              effect: 'read' | 'write' | 'destructive' | 'by_input';
              supports_rollback: boolean;
              /** @enum {boolean} */
              open_world?: true;
              builtin: boolean;
              input_schema: {
                [key: string]: unknown;
              };
              version: string;
            }[];
          };
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  postTools: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          name: string;
          description: string;
          /** @enum {string} */
          effect: 'read' | 'write' | 'destructive';
          supports_rollback?: boolean;
          open_world?: boolean;
          input_schema: {
            /** @enum {string} */
            type: 'object';
            properties: {
              [key: string]: {
                /** @enum {string} */
                type: 'string' | 'integer' | 'number' | 'boolean';
                description?: string;
              };
            };
            required?: string[];
          };
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            name: string;
            description: string;
            /** @enum {string} */
            effect: 'read' | 'write' | 'destructive' | 'by_input';
            supports_rollback: boolean;
            /** @enum {boolean} */
            open_world?: true;
            builtin: boolean;
            input_schema: {
              [key: string]: unknown;
            };
            version: string;
          };
        };
      };
      /** @description Default Response */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            name: string;
            description: string;
            /** @enum {string} */
            effect: 'read' | 'write' | 'destructive' | 'by_input';
            supports_rollback: boolean;
            /** @enum {boolean} */
            open_world?: true;
            builtin: boolean;
            input_schema: {
              [key: string]: unknown;
            };
            version: string;
          };
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not the caller’s tenant’s (not_found) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The state does not allow this now (conflict, stale_revision, duplicate_vote, …) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body is over the size limit (body_too_large) */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not JSON (unsupported_media_type) */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  putContextServicesId: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          name: string;
          owner_team: string;
          /** @default [] */
          environments?: string[];
          /** @default [] */
          argo_apps?: string[];
          /** @default [] */
          helm_releases?: string[];
          /** @default [] */
          promql_queries?: string[];
          /** @default [] */
          traceql_queries?: string[];
          /** @default [] */
          grafana_dashboards?: string[];
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            name: string;
            owner_team: string;
            /** @default [] */
            environments: string[];
            /** @default [] */
            argo_apps: string[];
            /** @default [] */
            helm_releases: string[];
            /** @default [] */
            promql_queries: string[];
            /** @default [] */
            traceql_queries: string[];
            /** @default [] */
            grafana_dashboards: string[];
            service_id: string;
          };
        };
      };
      /** @description Default Response */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            name: string;
            owner_team: string;
            /** @default [] */
            environments: string[];
            /** @default [] */
            argo_apps: string[];
            /** @default [] */
            helm_releases: string[];
            /** @default [] */
            promql_queries: string[];
            /** @default [] */
            traceql_queries: string[];
            /** @default [] */
            grafana_dashboards: string[];
            service_id: string;
          };
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not the caller’s tenant’s (not_found) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The state does not allow this now (conflict, stale_revision, duplicate_vote, …) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body is over the size limit (body_too_large) */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not JSON (unsupported_media_type) */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  deleteContextServicesId: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Deleted; no body */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not the caller’s tenant’s (not_found) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The state does not allow this now (conflict, stale_revision, duplicate_vote, …) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body is over the size limit (body_too_large) */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not JSON (unsupported_media_type) */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  putContextNodesId: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          kind: string;
          name: string;
          /** @default {} */
          labels?: {
            [key: string]: string;
          };
          owner_team?: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            kind: string;
            name: string;
            /** @default {} */
            labels: {
              [key: string]: string;
            };
            owner_team?: string;
            node_id: string;
          };
        };
      };
      /** @description Default Response */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            kind: string;
            name: string;
            /** @default {} */
            labels: {
              [key: string]: string;
            };
            owner_team?: string;
            node_id: string;
          };
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not the caller’s tenant’s (not_found) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The state does not allow this now (conflict, stale_revision, duplicate_vote, …) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body is over the size limit (body_too_large) */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not JSON (unsupported_media_type) */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  deleteContextNodesId: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Deleted; no body */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not the caller’s tenant’s (not_found) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The state does not allow this now (conflict, stale_revision, duplicate_vote, …) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body is over the size limit (body_too_large) */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not JSON (unsupported_media_type) */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  putContextEdgesId: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          from_node_id: string;
          to_node_id: string;
          relation: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            from_node_id: string;
            to_node_id: string;
            relation: string;
            edge_id: string;
          };
        };
      };
      /** @description Default Response */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            from_node_id: string;
            to_node_id: string;
            relation: string;
            edge_id: string;
          };
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not the caller’s tenant’s (not_found) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The state does not allow this now (conflict, stale_revision, duplicate_vote, …) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body is over the size limit (body_too_large) */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not JSON (unsupported_media_type) */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  deleteContextEdgesId: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Deleted; no body */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not the caller’s tenant’s (not_found) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The state does not allow this now (conflict, stale_revision, duplicate_vote, …) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body is over the size limit (body_too_large) */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not JSON (unsupported_media_type) */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getContextGraph: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            services: ({
              service_id: string;
            } & {
              [key: string]: unknown;
            })[];
            nodes: {
              kind: string;
              name: string;
              /** @default {} */
              labels: {
                [key: string]: string;
              };
              owner_team?: string;
              node_id: string;
            }[];
            edges: {
              from_node_id: string;
              to_node_id: string;
              relation: string;
              edge_id: string;
            }[];
          };
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  postContextBlastRadius: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          context: {
            /** @enum {string} */
            environment: 'dev' | 'stage' | 'prod';
            cluster_id?: string;
            namespace?: string;
            aws_account_id?: string;
            region?: string;
          };
          steps: {
            step_id?: string;
            tool: string;
            input: unknown;
          }[];
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            blast_radius: {
              [key: string]: unknown;
            };
            risk: {
              [key: string]: unknown;
            };
            steps: ({
              step_id: string;
            } & {
              [key: string]: unknown;
            })[];
            decision: {
              /** @enum {string} */
              effect: 'allow' | 'deny' | 'require_approval';
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not the caller’s tenant’s (not_found) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The state does not allow this now (conflict, stale_revision, duplicate_vote, …) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body is over the size limit (body_too_large) */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not JSON (unsupported_media_type) */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  postContextRefresh: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          sources?: string[];
        };
      };
    };
    responses: {
      /** @description Default Response */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            id: string;
            taken_at: string;
            taken_by: string;
            sources: string[];
            graph_hash: string;
            counts: {
              [key: string]: {
                [key: string]: number;
              };
            };
          };
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not the caller’s tenant’s (not_found) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The state does not allow this now (conflict, stale_revision, duplicate_vote, …) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body is over the size limit (body_too_large) */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not JSON (unsupported_media_type) */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getContextSnapshots: {
    parameters: {
      query?: {
        limit?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            items: {
              id: string;
              taken_at: string;
              taken_by: string;
              sources: string[];
              graph_hash: string;
              counts: {
                [key: string]: {
                  [key: string]: number;
                };
              };
            }[];
          };
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getPlansIdEvidence: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            items: {
              id: string;
              plan_id: string;
              step_id: string;
              type: string;
              query: string;
              result_ref: string;
              sha256: string;
              link: string | null;
              actor_id: string;
              collected_at: string;
            }[];
          };
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not the caller’s tenant’s (not_found) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The state does not allow this now (conflict, stale_revision, duplicate_vote, …) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  postPlansIdEvidence: {
    parameters: {
      query?: never;
      header?: {
        'idempotency-key'?: string;
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          step_id: string;
          /** @enum {string} */
          type: 'promql' | 'traceql' | 'argocd' | 'k8s' | 'cloudtrail' | 'git' | 'log';
          query: string;
          result: unknown;
          /** Format: uri */
          link?: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            id: string;
            plan_id: string;
            step_id: string;
            type: string;
            query: string;
            result_ref: string;
            sha256: string;
            link: string | null;
            actor_id: string;
            collected_at: string;
          };
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not the caller’s tenant’s (not_found) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The state does not allow this now (conflict, stale_revision, duplicate_vote, …) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body is over the size limit (body_too_large) */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not JSON (unsupported_media_type) */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The Idempotency-Key was used before for another request (idempotency_key_reused) */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  postPlansDraft: {
    parameters: {
      query?: {
        submit?: string;
      };
      header?: {
        'idempotency-key'?: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          intent: string;
          context?: {
            /** @enum {string} */
            environment?: 'dev' | 'stage' | 'prod';
            cluster_id?: string;
            namespace?: string;
            aws_account_id?: string;
            region?: string;
            argocd_project?: string;
            grafana_org_id?: string;
          };
          alert?: {
            /** @enum {string} */
            status: 'firing' | 'resolved';
            labels: {
              [key: string]: string;
            };
            /** @default {} */
            annotations?: {
              [key: string]: string;
            };
            /** Format: date-time */
            startsAt: string;
            endsAt?: string;
            generatorURL?: string;
            fingerprint: string;
          } & {
            [key: string]: unknown;
          };
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            draft: {
              summary: string;
              intent: string;
              trigger: string;
              context: {
                [key: string]: unknown;
              };
              steps: ({
                step_id: string;
                tool: string;
                input: {
                  [key: string]: unknown;
                };
              } & {
                [key: string]: unknown;
              })[];
            } & {
              [key: string]: unknown;
            };
            provider: string;
            model: string;
          };
        };
      };
      /** @description Default Response */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            draft: {
              summary: string;
              intent: string;
              trigger: string;
              context: {
                [key: string]: unknown;
              };
              steps: ({
                step_id: string;
                tool: string;
                input: {
                  [key: string]: unknown;
                };
              } & {
                [key: string]: unknown;
              })[];
            } & {
              [key: string]: unknown;
            };
            provider: string;
            model: string;
            plan: {
              id: string;
              /** @enum {string} */
              status: 'pending_approval' | 'approved' | 'denied' | 'sent_back' | 'cancelled' | 'expired';
              content_hash: string;
              revision: number;
              decision: {
                /** @enum {string} */
                effect: 'allow' | 'deny' | 'require_approval';
                risk: {
                  /** @enum {string} */
                  level: 'read' | 'low' | 'medium' | 'high';
                  reasons: string[];
                  blast_radius: {
                    /** @enum {string} */
                    scope: 'namespace' | 'cluster' | 'account';
                    namespaces: string[];
                    clusters: string[];
                    services: string[];
                    teams: string[];
                  };
                } & {
                  [key: string]: unknown;
                };
                requirement?: {
                  tier: string;
                  approvers: string[];
                  quorum: number;
                  ttl_hours: number;
                };
                reasons: string[];
              } & {
                [key: string]: unknown;
              };
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not the caller’s tenant’s (not_found) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The state does not allow this now (conflict, stale_revision, duplicate_vote, …) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body is over the size limit (body_too_large) */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not JSON (unsupported_media_type) */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The Idempotency-Key was used before for another request (idempotency_key_reused) */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  postWebhooksAlertmanager: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @enum {string} */
          version: '4';
          groupKey: string;
          truncatedAlerts?: number;
          /** @enum {string} */
          status: 'firing' | 'resolved';
          receiver: string;
          /** @default {} */
          groupLabels?: {
            [key: string]: string;
          };
          /** @default {} */
          commonLabels?: {
            [key: string]: string;
          };
          /** @default {} */
          commonAnnotations?: {
            [key: string]: string;
          };
          externalURL?: string;
          alerts: ({
            /** @enum {string} */
            status: 'firing' | 'resolved';
            labels: {
              [key: string]: string;
            };
            /** @default {} */
            annotations?: {
              [key: string]: string;
            };
            /** Format: date-time */
            startsAt: string;
            endsAt?: string;
            generatorURL?: string;
            fingerprint: string;
          } & {
            [key: string]: unknown;
          })[];
        } & {
          [key: string]: unknown;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            plans: {
              id: string;
              status: string;
              fingerprint: string;
            }[];
            alerts: ({
              fingerprint: string;
              /** @enum {string} */
              status: 'firing' | 'resolved';
              /** @enum {string} */
              outcome: 'planned' | 'duplicate' | 'failed' | 'ignored';
            } & {
              [key: string]: unknown;
            })[];
          };
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not the caller’s tenant’s (not_found) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The state does not allow this now (conflict, stale_revision, duplicate_vote, …) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body is over the size limit (body_too_large) */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not JSON (unsupported_media_type) */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getSchedules: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            items: {
              id: string;
              name: string;
              cron: string;
              timezone: string;
              plan: {
                [key: string]: unknown;
              };
              created_by: string;
              created_at: string;
              last_fired_at: string | null;
              last_plan_id: string | null;
              last_error: {
                code: string;
                detail: string;
              } | null;
            }[];
          };
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  postSchedules: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          name: string;
          cron: string;
          /** @default UTC */
          timezone?: string;
          plan: {
            summary: string;
            intent: string;
            /**
             * @default manual
             * @enum {string}
             */
            trigger?: 'manual' | 'alert' | 'webhook' | 'scheduled';
            context: {
              /** @enum {string} */
              environment: 'dev' | 'stage' | 'prod';
              cluster_id?: string;
              namespace?: string;
              aws_account_id?: string;
              region?: string;
              argocd_project?: string;
              grafana_org_id?: string;
            };
            constraints?: {
              [key: string]: unknown;
            } | null;
            plan_text?: string | null;
            purpose?: string;
            scope?: string;
            success_criteria?: string[];
            change_window?: {
              /** Format: date-time */
              start: string;
              /** Format: date-time */
              end: string;
            };
            steps: {
              step_id: string;
              action: string;
              tool: string;
              input: {
                [key: string]: unknown;
              };
              /** @default [] */
              preconditions?: string[];
              rollback?: {
                /** @enum {string} */
                type: 'argo' | 'scale' | 'custom' | 'undo';
                steps: string[];
              };
              /** @default [] */
              evidence_required?: {
                /** @enum {string} */
                type: 'promql' | 'traceql' | 'argocd' | 'k8s' | 'cloudtrail' | 'git' | 'log';
                query: string;
              }[];
            }[];
          };
        };
      };
    };
    responses: {
      /** @description Default Response */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            id: string;
            name: string;
            cron: string;
            timezone: string;
            plan: {
              [key: string]: unknown;
            };
            created_by: string;
            created_at: string;
            last_fired_at: string | null;
            last_plan_id: string | null;
            last_error: {
              code: string;
              detail: string;
            } | null;
          };
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not the caller’s tenant’s (not_found) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The state does not allow this now (conflict, stale_revision, duplicate_vote, …) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body is over the size limit (body_too_large) */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not JSON (unsupported_media_type) */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getSchedulesId: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            id: string;
            name: string;
            cron: string;
            timezone: string;
            plan: {
              [key: string]: unknown;
            };
            created_by: string;
            created_at: string;
            last_fired_at: string | null;
            last_plan_id: string | null;
            last_error: {
              code: string;
              detail: string;
            } | null;
          };
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not the caller’s tenant’s (not_found) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The state does not allow this now (conflict, stale_revision, duplicate_vote, …) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  deleteSchedulesId: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Deleted; no body */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not the caller’s tenant’s (not_found) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The state does not allow this now (conflict, stale_revision, duplicate_vote, …) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body is over the size limit (body_too_large) */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not JSON (unsupported_media_type) */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getWorklogRepositories: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            items: ({
              id: string;
              full_name: string;
              owner_id: string;
              /** @enum {string} */
              sensitivity: 'normal' | 'high';
              /** @enum {string} */
              connection_status: 'connected' | 'disconnected';
              /** @enum {string} */
              webhook_status: 'pending' | 'active';
              last_delivery_at: string | null;
              created_at: string;
              updated_at: string;
            } & {
              [key: string]: unknown;
            })[];
          } & {
            [key: string]: unknown;
          };
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  postWorklogRepositories: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @description The GitHub repository, owner/name */
          full_name: string;
          /**
           * @description high raises the risk level of every review in the repository by one
           * @default normal
           * @enum {string}
           */
          sensitivity?: 'normal' | 'high';
        };
      };
    };
    responses: {
      /** @description Default Response */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            id: string;
            full_name: string;
            owner_id: string;
            /** @enum {string} */
            sensitivity: 'normal' | 'high';
            /** @enum {string} */
            connection_status: 'connected' | 'disconnected';
            /** @enum {string} */
            webhook_status: 'pending' | 'active';
            last_delivery_at: string | null;
            created_at: string;
            updated_at: string;
          } & {
            [key: string]: unknown;
          };
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not the caller’s tenant’s (not_found) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The state does not allow this now (conflict, stale_revision, duplicate_vote, …) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body is over the size limit (body_too_large) */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not JSON (unsupported_media_type) */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getWorklogWebhook: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Where GitHub sends the deliveries */
            path: string;
            /** @description The tenant's webhook secret, to enter in GitHub */
            secret: string;
          } & {
            [key: string]: unknown;
          };
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  deleteWorklogRepositoriesId: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Disconnected; no body */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not the caller’s tenant’s (not_found) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The state does not allow this now (conflict, stale_revision, duplicate_vote, …) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body is over the size limit (body_too_large) */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not JSON (unsupported_media_type) */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getWorklogPrEvents: {
    parameters: {
      query?: {
        repository_id?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            items: ({
              id: string;
              repository_id: string;
              delivery_id: string;
              /** @description GitHub's pull_request action: opened, synchronize, reopened, closed, … */
              action: string;
              pr_number: number;
              pr_url: string;
              title: string;
              author: string | null;
              base_sha: string;
              head_sha: string;
              merged: boolean;
              /** Format: date-time */
              received_at: string;
              processed_at: string | null;
              attempts: number;
              last_error: string | null;
            } & {
              [key: string]: unknown;
            })[];
          } & {
            [key: string]: unknown;
          };
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getWorklogIntents: {
    parameters: {
      query?: {
        kind?: 'review' | 'project';
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            items: ({
              id: string;
              /** @enum {string} */
              kind: 'review' | 'project';
              purpose: string;
              scope: string;
              constraints: string[];
              success_criteria: string[];
              /** @enum {string} */
              riskLevel: 'Low' | 'Med' | 'High';
              risk_reasons: string[];
              requiresApproval: boolean;
              /** @description The approval's status (pending_approval, approved, denied, …); approved when none */
              status: string;
              content_hash: string;
              /** @description null when the intent needs no approval */
              approval:
                | ({
                    /** @enum {string} */
                    status:
                      | 'pending_approval'
                      | 'approved'
                      | 'denied'
                      | 'sent_back'
                      | 'cancelled'
                      | 'expired';
                    /** @description Who approves and how many: { tier, approvers, quorum, ttl_hours } */
                    requirement: Record<string, never>;
                    votes: Record<string, never>[];
                    expires_at: string;
                    valid_from: string | null;
                    valid_to: string | null;
                  } & {
                    [key: string]: unknown;
                  })
                | null;
              creatorId: string;
              pr_event_id: string | null;
              /** @description A review: its pull request; a project: its repository, bootstrap and considerations */
              spec: Record<string, never>;
              /** Format: date-time */
              created_at: string;
              /** Format: date-time */
              updated_at: string;
            } & {
              [key: string]: unknown;
            })[];
          } & {
            [key: string]: unknown;
          };
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getWorklogIntentsId: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            id: string;
            /** @enum {string} */
            kind: 'review' | 'project';
            purpose: string;
            scope: string;
            constraints: string[];
            success_criteria: string[];
            /** @enum {string} */
            riskLevel: 'Low' | 'Med' | 'High';
            risk_reasons: string[];
            requiresApproval: boolean;
            /** @description The approval's status (pending_approval, approved, denied, …); approved when none */
            status: string;
            content_hash: string;
            /** @description null when the intent needs no approval */
            approval:
              | ({
                  /** @enum {string} */
                  status: 'pending_approval' | 'approved' | 'denied' | 'sent_back' | 'cancelled' | 'expired';
                  /** @description Who approves and how many: { tier, approvers, quorum, ttl_hours } */
                  requirement: Record<string, never>;
                  votes: Record<string, never>[];
                  expires_at: string;
                  valid_from: string | null;
                  valid_to: string | null;
                } & {
                  [key: string]: unknown;
                })
              | null;
            creatorId: string;
            pr_event_id: string | null;
            /** @description A review: its pull request; a project: its repository, bootstrap and considerations */
            spec: Record<string, never>;
            /** Format: date-time */
            created_at: string;
            /** Format: date-time */
            updated_at: string;
            /** @description A review intent’s run; null for a project or before it exists */
            run:
              | ({
                  runId: string;
                  intentId: string;
                  approvalId: string | null;
                  repoFullName: string;
                  prNumber: number;
                  prUrl: string;
                  baseSHA: string;
                  headSHA: string;
                  diffHash: string | null;
                  /** @enum {string} */
                  status: 'waiting_approval' | 'queued' | 'running' | 'succeeded' | 'failed';
                  errorCode: string | null;
                  githubReviewId: number | null;
                  evidences: ({
                    /** @description pr_url, diff_hash or ci_snapshot */
                    kind: string;
                    url: string | null;
                    hash: string | null;
                  } & {
                    [key: string]: unknown;
                  })[];
                  /** @description null until the model has answered */
                  review:
                    | ({
                        summary: string;
                        findings: Record<string, never>[];
                        /** @enum {string} */
                        status: 'valid' | 'invalid';
                        errorCode: string | null;
                      } & {
                        [key: string]: unknown;
                      })
                    | null;
                  /** @description GitHub's CI of the head as the review found it (seed 003's PipelineJob, PreviewDeployment); null before the review read it or when it could not */
                  ci:
                    | ({
                        head_sha: string;
                        pipelines: ({
                          run_id: number;
                          name: string | null;
                          branch: string | null;
                          commit_sha: string;
                          /** @enum {string} */
                          status: 'queued' | 'in_progress' | 'completed' | 'failed' | 'cancelled';
                          /** Format: date-time */
                          started_at: string;
                          completed_at: string | null;
                          duration_seconds: number | null;
                          logs_url: string;
                          lint_passed: boolean | null;
                          type_check_passed: boolean | null;
                          tests_passed: boolean | null;
                          coverage_pct: number | null;
                          contract_check_passed: boolean | null;
                        } & {
                          [key: string]: unknown;
                        })[];
                        previews: ({
                          pr_number: number;
                          environment: string;
                          frontend_url: string | null;
                          backend_url: string | null;
                          /** Format: date-time */
                          created_at: string;
                          deleted_at: string | null;
                          /** @enum {string} */
                          status: 'building' | 'ready' | 'error' | 'deleted';
                          commit_sha: string;
                          environment_vars: {
                            [key: string]: string;
                          };
                        } & {
                          [key: string]: unknown;
                        })[];
                        sha256: string;
                        /** Format: date-time */
                        captured_at: string;
                      } & {
                        [key: string]: unknown;
                      })
                    | null;
                  /** Format: date-time */
                  created_at: string;
                  started_at: string | null;
                  finished_at: string | null;
                } & {
                  [key: string]: unknown;
                })
              | null;
            /** @description A project intent’s provisioning events */
            provisioning: ({
              eventId: string;
              intentId: string;
              approvalId: string;
              actorId: string;
              resourceType: string;
              resourceId: string;
              resourceUrl: string;
              structureType: string | null;
              /** Format: date-time */
              createdAt: string;
            } & {
              [key: string]: unknown;
            })[];
          } & {
            [key: string]: unknown;
          };
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not the caller’s tenant’s (not_found) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The state does not allow this now (conflict, stale_revision, duplicate_vote, …) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  postWorklogIntentsIdApprovals: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @enum {string} */
          decision: 'approve' | 'deny' | 'send_back';
          comment?: string;
          template_answers?: {
            [key: string]: unknown;
          };
        };
      };
    };
    responses: {
      /** @description Default Response */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            approval: {
              id: string;
              /** @enum {string} */
              decision: 'approve' | 'deny' | 'send_back';
            } & {
              [key: string]: unknown;
            };
            intent: {
              id: string;
              /** @enum {string} */
              kind: 'review' | 'project';
              purpose: string;
              scope: string;
              constraints: string[];
              success_criteria: string[];
              /** @enum {string} */
              riskLevel: 'Low' | 'Med' | 'High';
              risk_reasons: string[];
              requiresApproval: boolean;
              /** @description The approval's status (pending_approval, approved, denied, …); approved when none */
              status: string;
              content_hash: string;
              /** @description null when the intent needs no approval */
              approval:
                | ({
                    /** @enum {string} */
                    status:
                      | 'pending_approval'
                      | 'approved'
                      | 'denied'
                      | 'sent_back'
                      | 'cancelled'
                      | 'expired';
                    /** @description Who approves and how many: { tier, approvers, quorum, ttl_hours } */
                    requirement: Record<string, never>;
                    votes: Record<string, never>[];
                    expires_at: string;
                    valid_from: string | null;
                    valid_to: string | null;
                  } & {
                    [key: string]: unknown;
                  })
                | null;
              creatorId: string;
              pr_event_id: string | null;
              /** @description A review: its pull request; a project: its repository, bootstrap and considerations */
              spec: Record<string, never>;
              /** Format: date-time */
              created_at: string;
              /** Format: date-time */
              updated_at: string;
            } & {
              [key: string]: unknown;
            };
          } & {
            [key: string]: unknown;
          };
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not the caller’s tenant’s (not_found) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The state does not allow this now (conflict, stale_revision, duplicate_vote, …) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body is over the size limit (body_too_large) */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not JSON (unsupported_media_type) */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  postWorklogReviews: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @description A connected repository, owner/name */
          repository: string;
          /** @description The pull request to review */
          pr_number: number;
        };
      };
    };
    responses: {
      /** @description Default Response */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            runId: string;
            intentId: string;
            approvalId: string | null;
            repoFullName: string;
            prNumber: number;
            prUrl: string;
            baseSHA: string;
            headSHA: string;
            diffHash: string | null;
            /** @enum {string} */
            status: 'waiting_approval' | 'queued' | 'running' | 'succeeded' | 'failed';
            errorCode: string | null;
            githubReviewId: number | null;
            evidences: ({
              /** @description pr_url, diff_hash or ci_snapshot */
              kind: string;
              url: string | null;
              hash: string | null;
            } & {
              [key: string]: unknown;
            })[];
            /** @description null until the model has answered */
            review:
              | ({
                  summary: string;
                  findings: Record<string, never>[];
                  /** @enum {string} */
                  status: 'valid' | 'invalid';
                  errorCode: string | null;
                } & {
                  [key: string]: unknown;
                })
              | null;
            /** @description GitHub's CI of the head as the review found it (seed 003's PipelineJob, PreviewDeployment); null before the review read it or when it could not */
            ci:
              | ({
                  head_sha: string;
                  pipelines: ({
                    run_id: number;
                    name: string | null;
                    branch: string | null;
                    commit_sha: string;
                    /** @enum {string} */
                    status: 'queued' | 'in_progress' | 'completed' | 'failed' | 'cancelled';
                    /** Format: date-time */
                    started_at: string;
                    completed_at: string | null;
                    duration_seconds: number | null;
                    logs_url: string;
                    lint_passed: boolean | null;
                    type_check_passed: boolean | null;
                    tests_passed: boolean | null;
                    coverage_pct: number | null;
                    contract_check_passed: boolean | null;
                  } & {
                    [key: string]: unknown;
                  })[];
                  previews: ({
                    pr_number: number;
                    environment: string;
                    frontend_url: string | null;
                    backend_url: string | null;
                    /** Format: date-time */
                    created_at: string;
                    deleted_at: string | null;
                    /** @enum {string} */
                    status: 'building' | 'ready' | 'error' | 'deleted';
                    commit_sha: string;
                    environment_vars: {
                      [key: string]: string;
                    };
                  } & {
                    [key: string]: unknown;
                  })[];
                  sha256: string;
                  /** Format: date-time */
                  captured_at: string;
                } & {
                  [key: string]: unknown;
                })
              | null;
            /** Format: date-time */
            created_at: string;
            started_at: string | null;
            finished_at: string | null;
          } & {
            [key: string]: unknown;
          };
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not the caller’s tenant’s (not_found) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The state does not allow this now (conflict, stale_revision, duplicate_vote, …) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body is over the size limit (body_too_large) */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not JSON (unsupported_media_type) */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getWorklogRunsId: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            runId: string;
            intentId: string;
            approvalId: string | null;
            repoFullName: string;
            prNumber: number;
            prUrl: string;
            baseSHA: string;
            headSHA: string;
            diffHash: string | null;
            /** @enum {string} */
            status: 'waiting_approval' | 'queued' | 'running' | 'succeeded' | 'failed';
            errorCode: string | null;
            githubReviewId: number | null;
            evidences: ({
              /** @description pr_url, diff_hash or ci_snapshot */
              kind: string;
              url: string | null;
              hash: string | null;
            } & {
              [key: string]: unknown;
            })[];
            /** @description null until the model has answered */
            review:
              | ({
                  summary: string;
                  findings: Record<string, never>[];
                  /** @enum {string} */
                  status: 'valid' | 'invalid';
                  errorCode: string | null;
                } & {
                  [key: string]: unknown;
                })
              | null;
            /** @description GitHub's CI of the head as the review found it (seed 003's PipelineJob, PreviewDeployment); null before the review read it or when it could not */
            ci:
              | ({
                  head_sha: string;
                  pipelines: ({
                    run_id: number;
                    name: string | null;
                    branch: string | null;
                    commit_sha: string;
                    /** @enum {string} */
                    status: 'queued' | 'in_progress' | 'completed' | 'failed' | 'cancelled';
                    /** Format: date-time */
                    started_at: string;
                    completed_at: string | null;
                    duration_seconds: number | null;
                    logs_url: string;
                    lint_passed: boolean | null;
                    type_check_passed: boolean | null;
                    tests_passed: boolean | null;
                    coverage_pct: number | null;
                    contract_check_passed: boolean | null;
                  } & {
                    [key: string]: unknown;
                  })[];
                  previews: ({
                    pr_number: number;
                    environment: string;
                    frontend_url: string | null;
                    backend_url: string | null;
                    /** Format: date-time */
                    created_at: string;
                    deleted_at: string | null;
                    /** @enum {string} */
                    status: 'building' | 'ready' | 'error' | 'deleted';
                    commit_sha: string;
                    environment_vars: {
                      [key: string]: string;
                    };
                  } & {
                    [key: string]: unknown;
                  })[];
                  sha256: string;
                  /** Format: date-time */
                  captured_at: string;
                } & {
                  [key: string]: unknown;
                })
              | null;
            /** Format: date-time */
            created_at: string;
            started_at: string | null;
            finished_at: string | null;
          } & {
            [key: string]: unknown;
          };
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not the caller’s tenant’s (not_found) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The state does not allow this now (conflict, stale_revision, duplicate_vote, …) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  postWorklogProjects: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          purpose: string;
          scope: string;
          /** @default [] */
          constraints?: string[];
          success_criteria: string[];
          repository: {
            owner: string;
            name: string;
            /** @default true */
            private?: boolean;
            description?: string;
          };
          /**
           * @description Create README.md, SPEC.md and docs/ (spec-ready structure)
           * @default true
           */
          bootstrap?: boolean;
        };
      };
    };
    responses: {
      /** @description Default Response */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            id: string;
            /** @enum {string} */
            kind: 'review' | 'project';
            purpose: string;
            scope: string;
            constraints: string[];
            success_criteria: string[];
            /** @enum {string} */
            riskLevel: 'Low' | 'Med' | 'High';
            risk_reasons: string[];
            requiresApproval: boolean;
            /** @description The approval's status (pending_approval, approved, denied, …); approved when none */
            status: string;
            content_hash: string;
            /** @description null when the intent needs no approval */
            approval:
              | ({
                  /** @enum {string} */
                  status: 'pending_approval' | 'approved' | 'denied' | 'sent_back' | 'cancelled' | 'expired';
                  /** @description Who approves and how many: { tier, approvers, quorum, ttl_hours } */
                  requirement: Record<string, never>;
                  votes: Record<string, never>[];
                  expires_at: string;
                  valid_from: string | null;
                  valid_to: string | null;
                } & {
                  [key: string]: unknown;
                })
              | null;
            creatorId: string;
            pr_event_id: string | null;
            /** @description A review: its pull request; a project: its repository, bootstrap and considerations */
            spec: Record<string, never>;
            /** Format: date-time */
            created_at: string;
            /** Format: date-time */
            updated_at: string;
          } & {
            [key: string]: unknown;
          };
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not the caller’s tenant’s (not_found) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The state does not allow this now (conflict, stale_revision, duplicate_vote, …) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body is over the size limit (body_too_large) */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not JSON (unsupported_media_type) */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  postWorklogProjectsIdProvision: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Provisioned before: the earlier event */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            eventId: string;
            intentId: string;
            approvalId: string;
            actorId: string;
            resourceType: string;
            resourceId: string;
            resourceUrl: string;
            structureType: string | null;
            /** Format: date-time */
            createdAt: string;
          } & {
            [key: string]: unknown;
          };
        };
      };
      /** @description Provisioned now */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            eventId: string;
            intentId: string;
            approvalId: string;
            actorId: string;
            resourceType: string;
            resourceId: string;
            resourceUrl: string;
            structureType: string | null;
            /** Format: date-time */
            createdAt: string;
          } & {
            [key: string]: unknown;
          };
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not the caller’s tenant’s (not_found) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The state does not allow this now (conflict, stale_revision, duplicate_vote, …) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body is over the size limit (body_too_large) */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not JSON (unsupported_media_type) */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getWorklogKpi: {
    parameters: {
      query?: {
        from?: string;
        to?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** Format: date-time */
            from: string;
            /**
             * Format: date-time
             * @description excluded
             */
            to: string;
            /** @description Pull requests with a reviewable event in the period that are linked to an intent */
            link_rate: {
              numerator: number;
              denominator: number;
              /** @description numerator / denominator (4 places); null when there is nothing to count */
              rate: number | null;
            } & {
              [key: string]: unknown;
            };
            /** @description Intents created in the period that need an approval and were decided: approved */
            approval_rate: {
              numerator: number;
              denominator: number;
              /** @description numerator / denominator (4 places); null when there is nothing to count */
              rate: number | null;
            } & {
              [key: string]: unknown;
            };
            /** @description Seed 000's success metric: AI runs that acted and repositories created in the period with their intent, an approval given before the action where required, and their evidence */
            audit_success_rate: {
              numerator: number;
              denominator: number;
              /** @description numerator / denominator (4 places); null when there is nothing to count */
              rate: number | null;
            } & {
              [key: string]: unknown;
            };
            counts: {
              pull_requests: number;
              ai_runs: number;
              ai_runs_acted: number;
              repository_creations: number;
              intents_requiring_approval: number;
              intents_decided: number;
            } & {
              [key: string]: unknown;
            };
            deficits: {
              run_without_intent: number;
              approval_missing: number;
              approval_after_the_fact: number;
              evidence_missing: number;
            } & {
              [key: string]: unknown;
            };
          } & {
            [key: string]: unknown;
          };
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getWorklogReport: {
    parameters: {
      query?: {
        from?: string;
        to?: string;
        format?: 'md' | 'html';
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The audit report of the period: Markdown by default, HTML with format=html */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/markdown': string;
          'text/html': string;
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getWorklogProvisioning: {
    parameters: {
      query?: {
        from?: string;
        to?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            items: ({
              eventId: string;
              intentId: string;
              approvalId: string;
              actorId: string;
              resourceType: string;
              resourceId: string;
              resourceUrl: string;
              structureType: string | null;
              /** Format: date-time */
              createdAt: string;
            } & {
              [key: string]: unknown;
            })[];
          } & {
            [key: string]: unknown;
          };
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getWorklogAssets: {
    parameters: {
      query?: {
        status?: 'pending' | 'approved' | 'rejected' | 'flagged';
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            items: ({
              id: string;
              /** @enum {string} */
              status: 'pending' | 'approved' | 'rejected' | 'flagged';
              title: string;
              summary: string;
              impact: string;
              skills: string[];
              owner_id: string;
              pr: {
                pr_event_id: string;
                repository: string;
                number: number;
                url: string;
                merged_at: string | null;
              } & {
                [key: string]: unknown;
              };
              /** Format: date-time */
              created_at: string;
              /** Format: date-time */
              updated_at: string;
            } & {
              [key: string]: unknown;
            })[];
          } & {
            [key: string]: unknown;
          };
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getWorklogAssetsExport: {
    parameters: {
      query?: {
        format?: 'md' | 'json';
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The caller's approved asset cards: JSON by default, Markdown with format=md */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            cards: ({
              id: string;
              /** @enum {string} */
              status: 'pending' | 'approved' | 'rejected' | 'flagged';
              title: string;
              summary: string;
              impact: string;
              skills: string[];
              owner_id: string;
              pr: {
                pr_event_id: string;
                repository: string;
                number: number;
                url: string;
                merged_at: string | null;
              } & {
                [key: string]: unknown;
              };
              /** Format: date-time */
              created_at: string;
              /** Format: date-time */
              updated_at: string;
            } & {
              [key: string]: unknown;
            })[];
          } & {
            [key: string]: unknown;
          };
          'text/markdown': string;
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getWorklogAssetsId: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            id: string;
            /** @enum {string} */
            status: 'pending' | 'approved' | 'rejected' | 'flagged';
            title: string;
            summary: string;
            impact: string;
            skills: string[];
            owner_id: string;
            pr: {
              pr_event_id: string;
              repository: string;
              number: number;
              url: string;
              merged_at: string | null;
            } & {
              [key: string]: unknown;
            };
            /** Format: date-time */
            created_at: string;
            /** Format: date-time */
            updated_at: string;
            decisions: ({
              id: string;
              actor_id: string;
              /** @enum {string} */
              decision: 'approve' | 'edit' | 'reject';
              changes: Record<string, never> | null;
              comment: string | null;
              /** Format: date-time */
              created_at: string;
            } & {
              [key: string]: unknown;
            })[];
          } & {
            [key: string]: unknown;
          };
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not the caller’s tenant’s (not_found) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The state does not allow this now (conflict, stale_revision, duplicate_vote, …) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  postWorklogAssetsIdDecisions: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @enum {string} */
          decision: 'approve' | 'edit' | 'reject';
          changes?: {
            title?: string;
            summary?: string;
            impact?: string;
            skills?: string[];
          };
          comment?: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            id: string;
            /** @enum {string} */
            status: 'pending' | 'approved' | 'rejected' | 'flagged';
            title: string;
            summary: string;
            impact: string;
            skills: string[];
            owner_id: string;
            pr: {
              pr_event_id: string;
              repository: string;
              number: number;
              url: string;
              merged_at: string | null;
            } & {
              [key: string]: unknown;
            };
            /** Format: date-time */
            created_at: string;
            /** Format: date-time */
            updated_at: string;
          } & {
            [key: string]: unknown;
          };
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not the caller’s tenant’s (not_found) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The state does not allow this now (conflict, stale_revision, duplicate_vote, …) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body is over the size limit (body_too_large) */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not JSON (unsupported_media_type) */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getWorklogPullsOwnerRepoNumberCi: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        owner: string;
        repo: string;
        number: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            repository: string;
            pr_number: number;
            head_sha: string;
            pipelines: ({
              run_id: number;
              name: string | null;
              branch: string | null;
              commit_sha: string;
              /** @enum {string} */
              status: 'queued' | 'in_progress' | 'completed' | 'failed' | 'cancelled';
              /** Format: date-time */
              started_at: string;
              completed_at: string | null;
              duration_seconds: number | null;
              logs_url: string;
              lint_passed: boolean | null;
              type_check_passed: boolean | null;
              tests_passed: boolean | null;
              coverage_pct: number | null;
              contract_check_passed: boolean | null;
            } & {
              [key: string]: unknown;
            })[];
            previews: ({
              pr_number: number;
              environment: string;
              frontend_url: string | null;
              backend_url: string | null;
              /** Format: date-time */
              created_at: string;
              deleted_at: string | null;
              /** @enum {string} */
              status: 'building' | 'ready' | 'error' | 'deleted';
              commit_sha: string;
              environment_vars: {
                [key: string]: string;
              };
            } & {
              [key: string]: unknown;
            })[];
          } & {
            [key: string]: unknown;
          };
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not the caller’s tenant’s (not_found) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The state does not allow this now (conflict, stale_revision, duplicate_vote, …) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getPlaybooks: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            items: {
              name: string;
              version: number;
              /** @enum {string} */
              source: 'builtin' | 'tenant';
              description: string;
              parameters: {
                [key: string]: unknown;
              };
              created_at: string | null;
            }[];
          };
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getPlaybooksName: {
    parameters: {
      query?: {
        version?: number;
      };
      header?: never;
      path: {
        name: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            name: string;
            version: number;
            /** @enum {string} */
            source: 'builtin' | 'tenant';
            body: {
              description: string;
              summary: string;
              intent: string;
            } & {
              [key: string]: unknown;
            };
            content_hash: string;
            created_at: string | null;
          };
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not the caller’s tenant’s (not_found) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The state does not allow this now (conflict, stale_revision, duplicate_vote, …) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  putPlaybooksName: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        name: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          description: string;
          /** @default {} */
          parameters?: {
            /** @default {} */
            properties?: {
              [key: string]: {
                /** @enum {string} */
                type: 'string' | 'integer' | 'number' | 'boolean';
                description?: string;
                enum?: (string | number | boolean)[];
                minimum?: number;
                maximum?: number;
                pattern?: string;
                default?: string | number | boolean;
              };
            };
            /** @default [] */
            required?: string[];
          };
          summary: string;
          intent: string;
          context: {
            [key: string]: unknown;
          };
          steps: {
            step_id: string;
            action: string;
            tool: string;
            input: {
              [key: string]: unknown;
            };
            /** @default [] */
            preconditions?: string[];
            rollback?: {
              type: string;
              /** @default [] */
              steps?: string[];
            };
            /** @default [] */
            evidence_required?: {
              type: string;
              query: string;
            }[];
          }[];
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            name: string;
            version: number;
            /** @enum {string} */
            source: 'builtin' | 'tenant';
            body: {
              description: string;
              summary: string;
              intent: string;
            } & {
              [key: string]: unknown;
            };
            content_hash: string;
            created_at: string | null;
          };
        };
      };
      /** @description Default Response */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            name: string;
            version: number;
            /** @enum {string} */
            source: 'builtin' | 'tenant';
            body: {
              description: string;
              summary: string;
              intent: string;
            } & {
              [key: string]: unknown;
            };
            content_hash: string;
            created_at: string | null;
          };
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not the caller’s tenant’s (not_found) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The state does not allow this now (conflict, stale_revision, duplicate_vote, …) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body is over the size limit (body_too_large) */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not JSON (unsupported_media_type) */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  postPlaybooksNamePlans: {
    parameters: {
      query?: never;
      header?: {
        'idempotency-key'?: string;
      };
      path: {
        name: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @default {} */
          params?: {
            [key: string]: unknown;
          };
          context?: {
            /** @enum {string} */
            environment?: 'dev' | 'stage' | 'prod';
            cluster_id?: string;
            namespace?: string;
            aws_account_id?: string;
            region?: string;
            argocd_project?: string;
            grafana_org_id?: string;
          };
          /** @enum {string} */
          trigger?: 'manual' | 'alert' | 'webhook' | 'scheduled';
          version?: number;
        };
      };
    };
    responses: {
      /** @description Default Response */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            id: string;
            /** @enum {string} */
            status: 'pending_approval' | 'approved' | 'denied' | 'sent_back' | 'cancelled' | 'expired';
            content_hash: string;
            revision: number;
            decision: {
              /** @enum {string} */
              effect: 'allow' | 'deny' | 'require_approval';
              risk: {
                /** @enum {string} */
                level: 'read' | 'low' | 'medium' | 'high';
                reasons: string[];
                blast_radius: {
                  /** @enum {string} */
                  scope: 'namespace' | 'cluster' | 'account';
                  namespaces: string[];
                  clusters: string[];
                  services: string[];
                  teams: string[];
                };
              } & {
                [key: string]: unknown;
              };
              requirement?: {
                tier: string;
                approvers: string[];
                quorum: number;
                ttl_hours: number;
              };
              reasons: string[];
            } & {
              [key: string]: unknown;
            };
          } & {
            [key: string]: unknown;
          };
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not the caller’s tenant’s (not_found) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The state does not allow this now (conflict, stale_revision, duplicate_vote, …) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body is over the size limit (body_too_large) */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not JSON (unsupported_media_type) */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The Idempotency-Key was used before for another request (idempotency_key_reused) */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getPlaybooksNameSchedules: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        name: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            items: {
              id: string;
              name: string;
              cron: string;
              timezone: string;
              plan: {
                [key: string]: unknown;
              };
              created_by: string;
              created_at: string;
              last_fired_at: string | null;
              last_plan_id: string | null;
              last_error: {
                code: string;
                detail: string;
              } | null;
              missed_firings: string[];
            }[];
          };
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not the caller’s tenant’s (not_found) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The state does not allow this now (conflict, stale_revision, duplicate_vote, …) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  postPlaybooksNameSchedules: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        name: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          name: string;
          cron: string;
          /** @default UTC */
          timezone?: string;
          /** @default {} */
          params?: {
            [key: string]: unknown;
          };
          context?: {
            /** @enum {string} */
            environment?: 'dev' | 'stage' | 'prod';
            cluster_id?: string;
            namespace?: string;
            aws_account_id?: string;
            region?: string;
            argocd_project?: string;
            grafana_org_id?: string;
          };
          version?: number;
        };
      };
    };
    responses: {
      /** @description Default Response */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            id: string;
            name: string;
            cron: string;
            timezone: string;
            plan: {
              [key: string]: unknown;
            };
            created_by: string;
            created_at: string;
            last_fired_at: string | null;
            last_plan_id: string | null;
            last_error: {
              code: string;
              detail: string;
            } | null;
            missed_firings: string[];
          };
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not the caller’s tenant’s (not_found) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The state does not allow this now (conflict, stale_revision, duplicate_vote, …) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body is over the size limit (body_too_large) */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not JSON (unsupported_media_type) */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getRunbooks: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            items: ({
              id: string;
              title: string;
              markdown: string;
              services: string[];
              playbooks: string[];
              version: number;
              updated_by: string;
              updated_at: string;
            } & {
              [key: string]: unknown;
            })[];
          };
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getRunbooksId: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            id: string;
            title: string;
            markdown: string;
            services: string[];
            playbooks: string[];
            version: number;
            updated_by: string;
            updated_at: string;
          } & {
            [key: string]: unknown;
          };
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not the caller’s tenant’s (not_found) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The state does not allow this now (conflict, stale_revision, duplicate_vote, …) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  putRunbooksId: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          title: string;
          markdown: string;
          /** @default [] */
          services?: string[];
          /** @default [] */
          playbooks?: string[];
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            id: string;
            title: string;
            markdown: string;
            services: string[];
            playbooks: string[];
            version: number;
            updated_by: string;
            updated_at: string;
          } & {
            [key: string]: unknown;
          };
        };
      };
      /** @description Default Response */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            id: string;
            title: string;
            markdown: string;
            services: string[];
            playbooks: string[];
            version: number;
            updated_by: string;
            updated_at: string;
          } & {
            [key: string]: unknown;
          };
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not the caller’s tenant’s (not_found) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The state does not allow this now (conflict, stale_revision, duplicate_vote, …) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body is over the size limit (body_too_large) */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not JSON (unsupported_media_type) */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getPlansIdRunbooks: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            items: ({
              id: string;
              title: string;
              markdown: string;
              services: string[];
              playbooks: string[];
              version: number;
              updated_by: string;
              updated_at: string;
            } & {
              [key: string]: unknown;
            })[];
          };
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not the caller’s tenant’s (not_found) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The state does not allow this now (conflict, stale_revision, duplicate_vote, …) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getEvents: {
    parameters: {
      query?: {
        last_event_id?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The event stream; it stays open until the client leaves. A tenant holds at most 200 live connections (events, WebSocket, run logs): one more is 429 too_many_connections */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/event-stream': string;
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getSecurityEvents: {
    parameters: {
      query?: {
        attack_type?: 'sql_injection' | 'xss' | 'command_injection' | 'rate_limit_exceeded' | 'invalid_input';
        kind?: string;
        since?: string;
        cursor?: string;
        limit?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            items: {
              id: string;
              /** Format: date-time */
              timestamp: string;
              request_id: string;
              ip_address: string | null;
              /** @enum {string} */
              attack_type:
                | 'sql_injection'
                | 'xss'
                | 'command_injection'
                | 'rate_limit_exceeded'
                | 'invalid_input';
              kind: string;
              blocked_payload: string;
              endpoint_targeted: string;
              method: string;
              user_agent: string | null;
              /** @enum {string} */
              action_taken: 'rejected_400' | 'rejected_429' | 'sanitized' | 'logged_only';
              status_code: number | null;
              tenant_id: string | null;
              actor_id: string | null;
            }[];
            next_cursor: string | null;
          };
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getSlo: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            measurement_period_days: number;
            slo_target_uptime: number;
            slo_target_latency_p95_ms: number;
            slo_target_error_rate: number;
            current_uptime: number;
            current_latency_p95_ms: number;
            current_error_rate: number;
            uptime_budget_consumed_pct: number;
            latency_budget_consumed_pct: number;
            error_rate_budget_consumed_pct: number;
            burn_rate: number;
            remaining_downtime_minutes: number;
            /** Format: date-time */
            last_updated: string;
            /** @enum {string} */
            status: 'no_data' | 'ok' | 'burning' | 'exhausted';
            minutes_measured: number;
            requests: number;
          };
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  putChatopsSlackUsersSlackUserId: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        slack_user_id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          actor_id: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @enum {string} */
            provider: 'slack' | 'linear';
            external_id: string;
            actor_id: string;
            tenant_id: string;
            /** Format: date-time */
            updated_at: string;
          } & {
            [key: string]: unknown;
          };
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not the caller’s tenant’s (not_found) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The state does not allow this now (conflict, stale_revision, duplicate_vote, …) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body is over the size limit (body_too_large) */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not JSON (unsupported_media_type) */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  putChatopsLinearUsersLinearUserId: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        linear_user_id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          actor_id: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @enum {string} */
            provider: 'slack' | 'linear';
            external_id: string;
            actor_id: string;
            tenant_id: string;
            /** Format: date-time */
            updated_at: string;
          } & {
            [key: string]: unknown;
          };
        };
      };
      /** @description The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials (unauthorized, bad_signature, …) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The caller's roles do not allow this (forbidden, self_approval, …) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not the caller’s tenant’s (not_found) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The state does not allow this now (conflict, stale_revision, duplicate_vote, …) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body is over the size limit (body_too_large) */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not JSON (unsupported_media_type) */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests (rate_limited); see Retry-After */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description An internal error; the request id names it in the logs (internal) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
}
