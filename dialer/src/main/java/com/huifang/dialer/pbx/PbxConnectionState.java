package com.huifang.dialer.pbx;

/**
 * A PBX connection's state.
 *
 * <pre>
 * CONNECTING --login ok--> CONNECTED --lost--> RECONNECTING --login ok--> CONNECTED
 * CONNECTING --bad credentials--> AUTH_FAILED (retried with back-off; shown down in /health)
 * any --stop--> STOPPED
 * </pre>
 */
public enum PbxConnectionState {
  CONNECTING,
  CONNECTED,
  RECONNECTING,
  AUTH_FAILED,
  STOPPED
}
