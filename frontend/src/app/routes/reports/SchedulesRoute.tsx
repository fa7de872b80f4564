import { SchedulesPage } from "@/features/reports/components/SchedulesPage";
import { ForRoles, useReportFrame } from "./frame";

export function SchedulesRoute() {
  const frame = useReportFrame();
  return (
    <ForRoles role={frame.role} roles={["admin", "manager"]}>
      <SchedulesPage timeZone={frame.timeZone} terms={frame.terms} />
    </ForRoles>
  );
}
