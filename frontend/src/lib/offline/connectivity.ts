import { create } from "zustand";

/**
 * Whether the server could be reached lately, as the app saw it (navigator.onLine alone says
 * little: a captive Wi-Fi is "online"). A failed request says offline; any answer says online.
 */
interface Connectivity {
  online: boolean;
  reachable: () => void;
  unreachable: () => void;
}

const initiallyOnline = typeof navigator === "undefined" || navigator.onLine !== false;

export const useConnectivity = create<Connectivity>()((set, get) => ({
  online: initiallyOnline,
  reachable: () => {
    if (!get().online) set({ online: true });
  },
  unreachable: () => {
    if (get().online) set({ online: false });
  },
}));
