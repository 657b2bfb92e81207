package io.wxgate.callback;

import io.wxgate.wechat.InboundMessage;
import io.wxgate.wechat.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Routes an inbound message to the first rule that matches, through the interceptors in the order
 * they were added (the first added is the outermost). Immutable and thread-safe once built.
 */
public final class Router {
  private final List<Route> routes;
  private final List<Interceptor> interceptors;

  private Router(List<Route> routes, List<Interceptor> interceptors) {
    this.routes = List.copyOf(routes);
    this.interceptors = List.copyOf(interceptors);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The handler chain for {@code message}, or empty when no rule matches. */
  Optional<MessageHandler> route(String appId, InboundMessage message) {
    return match(appId, message).map(Match::handler);
  }

  /**
   * The matching handler chain, and whether it can run on the request thread: a constant reply with
   * no interceptors cannot block, so it skips the hand-off to a deadline-guarded thread.
   */
  Optional<Match> match(String appId, InboundMessage message) {
    for (Route r : routes) {
      if (r.rule().matches(appId, message)) {
        boolean inline = r.handler() instanceof ConstantReply && interceptors.isEmpty();
        return Optional.of(new Match(inline ? r.handler() : wrap(r.handler()), inline));
      }
    }
    return Optional.empty();
  }

  record Match(MessageHandler handler, boolean inline) {}

  private record ConstantReply(Optional<Reply> reply) implements MessageHandler {
    @Override
    public Optional<Reply> handle(String appId, InboundMessage message) {
      return reply;
    }
  }

  private MessageHandler wrap(MessageHandler handler) {
    MessageHandler chain = handler;
    for (int i = interceptors.size() - 1; i >= 0; i--) {
      Interceptor interceptor = interceptors.get(i);
      MessageHandler next = chain;
      chain = (app, msg) -> interceptor.intercept(app, msg, next);
    }
    return chain;
  }

  private record Route(Rule rule, MessageHandler handler) {}

  /** Collects rules in priority order. Not thread-safe. */
  public static final class Builder {
    private final List<Route> routes = new ArrayList<>();
    private final List<Interceptor> interceptors = new ArrayList<>();

    private Builder() {}

    public Builder route(Rule rule, MessageHandler handler) {
      routes.add(new Route(rule, handler));
      return this;
    }

    /** Answers {@code reply} to every message the rule matches. */
    public Builder reply(Rule rule, Reply reply) {
      return route(rule, new ConstantReply(Optional.of(reply)));
    }

    public Builder intercept(Interceptor interceptor) {
      interceptors.add(interceptor);
      return this;
    }

    public Router build() {
      return new Router(routes, interceptors);
    }
  }
}
