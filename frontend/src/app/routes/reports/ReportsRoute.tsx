import { ReportsPage } from "@/features/reports/components/ReportsPage";
import { ForRoles, useReportFrame } from "./frame";

export function ReportsRoute() {
  const frame = useReportFrame();
  return (
    <ForRoles role={frame.role} roles={["admin", "manager"]}>
      <ReportsPage timeZone={frame.timeZone} terms={frame.terms} />
    </ForRoles>
  );
}
