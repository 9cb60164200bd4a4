// Evaluates IAM requests offline with @cloud-copilot/iam-simulate (test-time only, AGPL-3.0, not shipped).
// Reads a JSON array of cases on stdin:
//   {id, principal, action, resource, accountId, context, identityPolicies: [{name, policy}], resourcePolicy?}
// and writes a JSON array of {id, result, grants: [sid...], denials: [...], errors?} on stdout,
// result being Allowed, ImplicitlyDenied, ExplicitlyDenied or Error. Used by infra's
// InstanceRolesAllowRecordedCallsIT; see docs/iam.md.
import { getDenialReasons, getGrantReasons, runSimulation } from '@cloud-copilot/iam-simulate';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const cases = JSON.parse(Buffer.concat(chunks).toString('utf8'));

const results = [];
for (const c of cases) {
  const simulation = {
    request: {
      principal: c.principal,
      action: c.action,
      resource: { resource: c.resource, accountId: c.accountId },
      contextVariables: c.context ?? {},
    },
    identityPolicies: c.identityPolicies ?? [],
    serviceControlPolicies: [],
    resourceControlPolicies: [],
  };
  if (c.resourcePolicy) simulation.resourcePolicy = c.resourcePolicy;
  const outcome = await runSimulation(simulation, { simulationMode: 'Strict' });
  if (outcome.resultType === 'error') {
    results.push({ id: c.id, result: 'Error', errors: outcome.errors });
    continue;
  }
  const analyses = outcome.resultType === 'single' ? [outcome.result] : outcome.results;
  const grants = new Set();
  const denials = [];
  for (const r of analyses) {
    for (const g of getGrantReasons(r.analysis)) grants.add(`${g.policyType}:${g.statementId ?? g.statementIndex}`);
    for (const d of getDenialReasons(r.analysis)) denials.push(d);
  }
  results.push({ id: c.id, result: outcome.overallResult, grants: [...grants], denials });
}
process.stdout.write(JSON.stringify(results));
