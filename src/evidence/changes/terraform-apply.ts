import type { ChangeRecogniser } from "./change-recogniser.js";

const RESOURCE_DONE =
  /^([\w.-]+\.[\w.\-[\]"]+): (Creation|Modifications|Destruction) complete after \S+(?: \[id=([^\]]+)\])?/;
const APPLY_DONE = /^Apply complete! Resources: (\d+) added, (\d+) changed, (\d+) destroyed/;

/**
 * Terraform / OpenTofu `apply` output (the human-readable UI, as printed in CI logs): each
 * `<address>: Creation|Modifications|Destruction complete after Ns` is when that resource's change took effect;
 * `Apply complete! Resources: …` closes the run.
 */
export const terraformRecogniser: ChangeRecogniser = {
  id: "terraform-apply",
  documentation:
    "https://developer.hashicorp.com/terraform/cli/commands/apply and https://developer.hashicorp.com/terraform/internals/machine-readable-ui (apply_complete messages); OpenTofu prints the same",
  hint: /complete after|Apply complete!/,
  samples: [
    "aws_security_group_rule.db_ingress_app: Creation complete after 1s [id=sgrule-2210480331]",
    "module.db.aws_db_parameter_group.main: Modifications complete after 2s [id=main]",
    "Apply complete! Resources: 1 added, 0 changed, 1 destroyed.",
  ],
  recognise(e) {
    const m = e.message;
    let r = RESOURCE_DONE.exec(m);
    if (r) {
      return {
        type: "infra",
        what: `${r[1]} ${(r[2] ?? "").toLowerCase()}${r[3] ? ` (id ${r[3]})` : ""}`,
        phase: "effective",
        tool: "terraform",
        service: null,
      };
    }
    r = APPLY_DONE.exec(m);
    if (r) {
      return {
        type: "infra",
        what: `terraform apply: ${r[1]} added, ${r[2]} changed, ${r[3]} destroyed`,
        phase: "effective",
        tool: "terraform",
        service: null,
      };
    }
    return null;
  },
};
