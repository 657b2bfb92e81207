package io.wxgate.bench;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.wxgate.callback.CallbackPipeline;
import io.wxgate.callback.CallbackRequest;
import io.wxgate.callback.CallbackResponse;
import io.wxgate.callback.ConfiguredReplies;
import io.wxgate.callback.ReceiptSink;
import io.wxgate.callback.Router;
import io.wxgate.config.Account;
import io.wxgate.config.CallbackConfig;
import io.wxgate.config.StateConfig;
import io.wxgate.state.SharedState;
import io.wxgate.wechat.Secret;
import io.wxgate.wechat.xml.XmlCodec;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.TimeUnit;
import me.chanjar.weixin.common.api.WxMessageInMemoryDuplicateChecker;
import me.chanjar.weixin.mp.api.WxMpMessageRouter;
import me.chanjar.weixin.mp.api.impl.WxMpServiceImpl;
import me.chanjar.weixin.mp.bean.message.WxMpXmlMessage;
import me.chanjar.weixin.mp.bean.message.WxMpXmlOutMessage;
import me.chanjar.weixin.mp.config.impl.WxMpDefaultConfigImpl;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One safe-mode text push through the whole in-process callback path, per operation: verify
 * {@code signature} and {@code msg_signature}, decrypt, parse, de-duplicate, route to a keyword
 * auto-reply, render, encrypt and sign the reply.
 *
 * <p>Every operation is a distinct push (its own MsgId, nonce and ciphertext, prepared before the
 * measurement), so de-duplication claims succeed and no answer comes from the cache. The pipeline,
 * its in-process dedup store and WxJava's router (which de-duplicates too) are rebuilt every
 * iteration, so the pool only has to outlast one iteration; {@link #checkPool} fails the run if it
 * did not.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@State(Scope.Thread)
public class PipelineBench {
  /** Pushes prepared per trial; must exceed the operations of one iteration. */
  @Param("400000")
  public int pool;

  private Fixture.SignedPush[] pushes;
  private int next;
  private Fixture.Pushes maker;
  private long sanityId = 2_000_000_000L;

  private SharedState state;
  private CallbackPipeline pipeline;

  private WxMpDefaultConfigImpl wxConfig;
  private WxMpServiceImpl wxService;
  private WxMpMessageRouter wxRouter;

  @Setup(Level.Trial)
  public void preparePushes() {
    maker = new Fixture.Pushes(Fixture.APP_ID, Fixture.TOKEN, Fixture.AES_KEY);
    long now = System.currentTimeMillis() / 1000;
    pushes = new Fixture.SignedPush[pool];
    for (int i = 0; i < pool; i++) {
      pushes[i] = maker.text(Fixture.CONTENT, 1_000_000_000L + i, now);
    }
    wxConfig = new WxMpDefaultConfigImpl();
    wxConfig.setAppId(Fixture.APP_ID);
    wxConfig.setToken(Fixture.TOKEN);
    wxConfig.setAesKey(Fixture.AES_KEY);
    wxService = new WxMpServiceImpl();
    wxService.setWxMpConfigStorage(wxConfig);
  }

  @Setup(Level.Iteration)
  public void freshPipelines() {
    next = 0;
    CallbackConfig config =
        new CallbackConfig(
            null,
            null,
            true,
            null,
            0,
            0,
            0,
            List.of(
                new CallbackConfig.AutoReply(
                    null, "hello", CallbackConfig.AutoReply.Match.PREFIX, Fixture.REPLY)),
            null);
    state = new SharedState(StateConfig.inProcess(), InstantSource.system());
    pipeline =
        new CallbackPipeline(
            config,
            List.of(
                new Account(
                    Fixture.APP_ID,
                    null,
                    Secret.of(Fixture.TOKEN),
                    Secret.of(Fixture.AES_KEY),
                    null,
                    Account.Mode.SAFE)),
            new XmlCodec(XmlCodec.XmlLimits.defaults()),
            state.dedup(),
            ConfiguredReplies.addTo(Router.builder(), config).build(),
            ReceiptSink.NONE,
            InstantSource.system(),
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));

    wxRouter = new WxMpMessageRouter(wxService);
    // WxJava's default checker is a JVM-wide singleton; a fresh one matches our fresh dedup store
    wxRouter.setMessageDuplicateChecker(new WxMessageInMemoryDuplicateChecker());
    wxRouter
        .rule()
        .async(false)
        .msgType("text")
        .rContent("hello.*")
        .handler(
            (message, context, service, sessions) ->
                WxMpXmlOutMessage.TEXT()
                    .content(Fixture.REPLY)
                    .fromUser(message.getToUser())
                    .toUser(message.getFromUser())
                    .build())
        .end();

    // both sides must really answer an encrypted "hi", or the comparison means nothing
    long now = System.currentTimeMillis() / 1000;
    String ours = handleWxgate(maker.text(Fixture.CONTENT, sanityId++, now));
    String theirs = handleWxjava(maker.text(Fixture.CONTENT, sanityId++, now));
    for (String answer : List.of(ours, theirs)) {
      ReplyCheck.check(answer, Fixture.TOKEN, Fixture.AES_KEY, Fixture.APP_ID, Fixture.REPLY);
    }
  }

  @TearDown(Level.Iteration)
  public void checkPool() {
    pipeline.close();
    state.close();
    wxRouter.shutDownExecutorService();
    if (next > pushes.length) {
      throw new IllegalStateException(
          "pool of "
              + pushes.length
              + " pushes was used "
              + next
              + " times in one iteration; raise -p pool=");
    }
  }

  private Fixture.SignedPush nextPush() {
    return pushes[next++ % pushes.length];
  }

  @Benchmark
  public String pipeline_wxgate() {
    return handleWxgate(nextPush());
  }

  /** What a WxJava application's callback controller does, per WxJava's demo. */
  @Benchmark
  public String pipeline_wxjava() {
    return handleWxjava(nextPush());
  }

  private String handleWxgate(Fixture.SignedPush p) {
    CallbackResponse response =
        pipeline.handle(
            new CallbackRequest(
                Fixture.APP_ID,
                p.signature(),
                p.timestamp(),
                p.nonce(),
                null,
                "aes",
                p.msgSignature(),
                "text/xml",
                p.body()));
    return response.body();
  }

  private String handleWxjava(Fixture.SignedPush p) {
    if (!wxService.checkSignature(p.timestamp(), p.nonce(), p.signature())) {
      throw new IllegalStateException("signature");
    }
    WxMpXmlMessage in =
        WxMpXmlMessage.fromEncryptedXml(
            p.body(), wxConfig, p.timestamp(), p.nonce(), p.msgSignature());
    WxMpXmlOutMessage out = wxRouter.route(in);
    if (out == null) throw new IllegalStateException("WxJava's router answered nothing");
    return out.toEncryptedXml(wxConfig);
  }
}
