/**
 * How the sign-in popup (`/auth/done`) tells the page that opened it that sign-in finished: a
 * BroadcastChannel reaches every tab of the app, `window.opener.postMessage` (same origin) is the
 * way where BroadcastChannel is missing. Both carry the same message.
 */
export const AUTH_CHANNEL = 'sextant-auth';

export const SIGNED_IN_MESSAGE = { type: 'sextant-auth', event: 'signed-in' } as const;

export function isSignedInMessage(data: unknown): boolean {
  return (
    typeof data === 'object' &&
    data !== null &&
    (data as { type?: unknown }).type === SIGNED_IN_MESSAGE.type &&
    (data as { event?: unknown }).event === SIGNED_IN_MESSAGE.event
  );
}

/** Calls `onSignedIn` when another window of the app says sign-in finished; returns the unsubscribe. */
export function listenForSignIn(onSignedIn: () => void): () => void {
  const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(AUTH_CHANNEL) : undefined;
  const onChannel = (event: MessageEvent) => {
    if (isSignedInMessage(event.data)) onSignedIn();
  };
  const onWindow = (event: MessageEvent) => {
    if (event.origin === window.location.origin && isSignedInMessage(event.data)) onSignedIn();
  };
  channel?.addEventListener('message', onChannel);
  window.addEventListener('message', onWindow);
  return () => {
    channel?.close();
    window.removeEventListener('message', onWindow);
  };
}

/** Said by `/auth/done`. */
export function announceSignIn(): void {
  if (typeof BroadcastChannel === 'function') {
    const channel = new BroadcastChannel(AUTH_CHANNEL);
    channel.postMessage(SIGNED_IN_MESSAGE);
    channel.close();
  }
  window.opener?.postMessage(SIGNED_IN_MESSAGE, window.location.origin);
}
