package com.huifang.dialer.http;

import com.huifang.dialer.config.ApiToken;
import com.huifang.dialer.config.Role;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Bearer-token authentication and role checks for {@code /api}. Tokens are kept as SHA-256 digests,
 * so a lookup neither keeps nor compares the secret itself.
 */
public final class ApiAuth {

  /** Who made a request. */
  public record Caller(String principal, Role role) {}

  private static final String CALLER = "huifang.caller";
  private static final String BEARER = "Bearer ";

  private final Map<String, Caller> byDigest = new HashMap<>();

  public ApiAuth(List<ApiToken> tokens) {
    for (ApiToken t : tokens) {
      byDigest.put(digest(t.token()), new Caller(t.principal(), t.role()));
    }
  }

  /** 401 unless the request carries a known bearer token; stores the {@link Caller}. */
  public Handler<RoutingContext> authenticate() {
    return ctx -> {
      String header = ctx.request().getHeader("Authorization");
      if (header == null || !header.startsWith(BEARER)) {
        ApiError.send(ctx, 401, "unauthorized", "send Authorization: Bearer <token>");
        return;
      }
      Caller caller = byDigest.get(digest(header.substring(BEARER.length()).trim()));
      if (caller == null) {
        ApiError.send(ctx, 401, "unauthorized", "unknown token");
        return;
      }
      ctx.put(CALLER, caller);
      ctx.next();
    };
  }

  /** 403 unless the authenticated caller has one of {@code roles}. */
  public static Handler<RoutingContext> allow(Role first, Role... more) {
    Set<Role> allowed = EnumSet.of(first, more);
    return ctx -> {
      Caller caller = caller(ctx);
      if (!allowed.contains(caller.role())) {
        ApiError.send(
            ctx,
            403,
            "forbidden",
            "role "
                + caller.role().wireName()
                + " may not "
                + ctx.request().method()
                + " "
                + ctx.normalizedPath());
        return;
      }
      ctx.next();
    };
  }

  /** The caller {@link #authenticate()} stored on this request. */
  public static Caller caller(RoutingContext ctx) {
    Caller caller = ctx.get(CALLER);
    if (caller == null) {
      throw new IllegalStateException("route is not behind ApiAuth.authenticate()");
    }
    return caller;
  }

  private static String digest(String token) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
