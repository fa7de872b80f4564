import { useParams } from "react-router";
import { SignInSheetPage } from "@/features/reports/components/SignInSheetPage";
import { ForRoles, useReportFrame } from "./frame";

export function SignInSheetRoute() {
  const { sessionId = "" } = useParams();
  const frame = useReportFrame();
  return (
    <ForRoles role={frame.role} roles={["admin", "manager", "frontline"]}>
      <SignInSheetPage key={sessionId} sessionId={sessionId} timeZone={frame.timeZone} terms={frame.terms} />
    </ForRoles>
  );
}
