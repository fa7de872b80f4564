import type { ReactNode } from "react";
import { ActionButton } from "@/components/ActionButton";
import { Alert } from "@/components/Alert";
import { ErrorAlert } from "@/components/ErrorAlert";
import { useFileDownload } from "@/lib/download-file";

interface DownloadButtonProps {
  /** The feature's call that fetches and saves the file (see `downloadFile`). */
  download: () => Promise<void>;
  /** The button's words. */
  children: ReactNode;
  /** Said beside the button while the file is prepared. */
  pendingText: string;
  /** Said once the file is saved: what it holds and what to do with it. */
  doneText: string;
}

/** A button that downloads one file, says it is preparing it, then that it arrived or why not. */
export function DownloadButton({ download, children, pendingText, doneText }: DownloadButtonProps) {
  const file = useFileDownload(download);
  return (
    <>
      <div className="download-button">
        <ActionButton type="button" className="button button--secondary" pending={file.pending} pendingText={pendingText} onClick={() => void file.start()}>
          {children}
        </ActionButton>
      </div>
      {file.done ? <Alert tone="notice">{doneText}</Alert> : null}
      {file.error ? <ErrorAlert error={file.error} /> : null}
    </>
  );
}
