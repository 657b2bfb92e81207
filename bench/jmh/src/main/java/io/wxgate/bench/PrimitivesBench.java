package io.wxgate.bench;

import io.wxgate.wechat.Secret;
import io.wxgate.wechat.TextReply;
import io.wxgate.wechat.crypto.MessageCrypt;
import io.wxgate.wechat.crypto.Signature;
import io.wxgate.wechat.xml.XmlCodec;
import java.io.StringReader;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamReader;
import me.chanjar.weixin.common.util.crypto.SHA1;
import me.chanjar.weixin.common.util.crypto.WxCryptUtil;
import me.chanjar.weixin.mp.bean.message.WxMpXmlMessage;
import me.chanjar.weixin.mp.bean.message.WxMpXmlOutMessage;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The steps of the callback path one by one, each beside WxJava's call for the same job. Method
 * names are {@code step_wxgate} / {@code step_wxjava} so the report can pair them.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@State(Scope.Thread)
public class PrimitivesBench {
  private static final String TS = "1700000000";
  private static final String NONCE = "1320128458";
  private static final String RANDOM16 = "0123456789abcdef";

  private MessageCrypt crypt;
  private WxCryptUtil wxCrypt;
  private XmlCodec codec;
  private String plainXml;
  private String encrypt;
  private String msgSignature;
  private String replyXml;
  private TextReply reply;

  private ExecutorService virtualThreads;
  private XMLInputFactory stax;

  @Setup
  public void setUp() {
    virtualThreads = Executors.newVirtualThreadPerTaskExecutor();
    stax = XMLInputFactory.newDefaultFactory();
    stax.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    stax.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, false);
    crypt = new MessageCrypt(Fixture.APP_ID, Secret.of(Fixture.AES_KEY), null);
    wxCrypt = new WxCryptUtil(Fixture.TOKEN, Fixture.AES_KEY, Fixture.APP_ID);
    codec = new XmlCodec(XmlCodec.XmlLimits.defaults());
    plainXml = Fixture.textXml(Fixture.CONTENT, 1234567890123456L, 1700000000L);
    encrypt = crypt.encrypt(plainXml);
    msgSignature = Signature.sign(Fixture.TOKEN, TS, NONCE, encrypt);
    reply = new TextReply(Fixture.REPLY);
    replyXml = codec.render(reply, Fixture.USER, Fixture.ACCOUNT_ID, 1700000001L);
    // both sides must agree on the inputs, or the comparison means nothing
    if (!wxCrypt.decrypt(encrypt).equals(plainXml)) throw new IllegalStateException("decrypt");
    if (!SHA1.gen(Fixture.TOKEN, TS, NONCE, encrypt).equals(msgSignature)) {
      throw new IllegalStateException("signature");
    }
  }

  @TearDown
  public void tearDown() {
    virtualThreads.shutdown();
  }

  // --- msg_signature: sha1 over the sorted token, timestamp, nonce and Encrypt text

  @Benchmark
  public boolean signature_wxgate() {
    return Signature.verify(msgSignature, Fixture.TOKEN, TS, NONCE, encrypt);
  }

  @Benchmark
  public boolean signature_wxjava() {
    return SHA1.gen(Fixture.TOKEN, TS, NONCE, encrypt).equals(msgSignature);
  }

  // --- AES-256-CBC decrypt of the Encrypt text to the message XML

  @Benchmark
  public String decrypt_wxgate() {
    return crypt.decrypt(encrypt).xml();
  }

  @Benchmark
  public String decrypt_wxjava() {
    return wxCrypt.decrypt(encrypt);
  }

  // --- AES-256-CBC encrypt of a reply (wxgate draws its random prefix; WxJava is given one)

  @Benchmark
  public String encrypt_wxgate() {
    return crypt.encrypt(replyXml);
  }

  @Benchmark
  public String encrypt_wxjava() {
    return wxCrypt.encrypt(RANDOM16, replyXml);
  }

  // --- the whole encrypted reply envelope: encrypt, sign, write the outer XML

  @Benchmark
  public String envelope_wxgate() {
    String e = crypt.encrypt(replyXml);
    return codec.renderEncrypted(e, Signature.sign(Fixture.TOKEN, TS, NONCE, e), TS, NONCE);
  }

  @Benchmark
  public String envelope_wxjava() {
    return wxCrypt.encrypt(replyXml);
  }

  // --- parse the decrypted push into a typed message

  @Benchmark
  public Object parse_wxgate() {
    return codec.parse(plainXml);
  }

  @Benchmark
  public Object parse_wxjava() {
    return WxMpXmlMessage.fromXml(plainXml);
  }

  // --- write a text reply's XML

  @Benchmark
  public String render_wxgate() {
    return codec.render(reply, Fixture.USER, Fixture.ACCOUNT_ID, 1700000001L);
  }

  @Benchmark
  public String render_wxjava() {
    return WxMpXmlOutMessage.TEXT()
        .content(Fixture.REPLY)
        .fromUser(Fixture.ACCOUNT_ID)
        .toUser(Fixture.USER)
        .build()
        .toXml();
  }

  // --- what the pipeline does around the steps (no WxJava counterpart)

  /**
   * The pipeline's handler hand-off: {@code supplyAsync} on a virtual-thread-per-task executor and
   * a timed {@code get}, as {@code CallbackPipeline.dispatch} does for every routed message, here
   * with a handler that returns at once.
   */
  @Benchmark
  public Object handoff_virtualThread() throws Exception {
    return CompletableFuture.supplyAsync(() -> Optional.of(reply), virtualThreads)
        .get(4, TimeUnit.SECONDS);
  }

  /** Only creating and closing a JDK StAX reader over the push: the floor under parse_wxgate. */
  @Benchmark
  public Object staxReader_jdk() throws Exception {
    XMLStreamReader r = stax.createXMLStreamReader(new StringReader(plainXml));
    r.close();
    return r;
  }
}
