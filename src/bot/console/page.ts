// The console page: plain HTML and a little script, no build step.
export const CONSOLE_PAGE = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>值班台 · 本地控制台</title>
<style>
body{font-family:system-ui,"PingFang SC","Microsoft YaHei",sans-serif;margin:0;background:#f3f4f6;color:#111}
header{background:#1f6feb;color:#fff;padding:10px 16px;display:flex;gap:12px;align-items:center;flex-wrap:wrap}
header h1{font-size:18px;margin:0 12px 0 0}
select,input,button{font-size:15px;padding:6px 8px;border-radius:6px;border:1px solid #ccd}
main{max-width:760px;margin:0 auto;padding:12px}
#log{background:#fff;border-radius:8px;min-height:60vh;max-height:70vh;overflow:auto;padding:10px}
.m{margin:8px 0;white-space:pre-wrap;line-height:1.5}
.me{text-align:right}.me span{background:#95ec69}
.bot span{background:#eef}.push span{background:#fff4d6;border:1px solid #f0c36d}
.m span{display:inline-block;padding:6px 10px;border-radius:8px;max-width:85%;text-align:left}
.who{font-size:12px;color:#667}
form{display:flex;gap:8px;margin-top:10px}form input{flex:1}
</style></head><body>
<header><h1>值班台 本地控制台</h1>
<label>我是 <select id="who"></select></label>
<label>发到 <select id="where"><option value="">私聊值班台</option><option value="值班群">值班群</option></select></label>
<label>新群 <input id="newgroup" size="10" placeholder="如 阳光花园群"></label></header>
<main><div id="log"></div>
<form id="f"><input id="t" autocomplete="off" placeholder="例如：报修 3栋2单元1502 厨房水管漏水"><button>发送</button></form>
<p class="who">这里的推送（提醒、派单通知、告警）与企业微信/钉钉走同一条处理路径。</p></main>
<script>
const $=s=>document.querySelector(s);const log=$('#log');
function add(cls,who,text){const d=document.createElement('div');d.className='m '+cls;d.innerHTML='<div class="who"></div><span></span>';d.querySelector('.who').textContent=who;d.querySelector('span').textContent=text;log.appendChild(d);log.scrollTop=log.scrollHeight}
const roles={resident:'住户',staff:'员工',lead:'组长',supervisor:'主管',manager:'经理'};
fetch('/console/api/people').then(r=>r.json()).then(ps=>{for(const p of ps){const o=document.createElement('option');o.value=p.id;o.textContent=p.name+'（'+(roles[p.role]||p.role)+(p.team?'·'+p.team:'')+'）';$('#who').appendChild(o)}poll()});
$('#f').onsubmit=async e=>{e.preventDefault();const text=$('#t').value.trim();if(!text)return;$('#t').value='';
const g=$('#newgroup').value.trim();if(g){if(![...$('#where').options].some(o=>o.value===g)){const o=document.createElement('option');o.value=g;o.textContent=g;$('#where').appendChild(o)}$('#where').value=g;$('#newgroup').value=''}
const where=$('#where').value;add('me','我'+(where?' · '+where:''),text);
const r=await fetch('/console/api/say',{method:'POST',headers:{'content-type':'application/json'},body:JSON.stringify({as:Number($('#who').value),text,group:where||false})});
const j=await r.json();if(j.reply)add('bot','值班台',j.reply.text);else if(j.error)add('bot','错误',j.error);poll()};
async function poll(){const id=$('#who').value;if(!id)return;const r=await fetch('/console/api/inbox?as='+id);if(!r.ok)return;for(const m of await r.json())add('push',(m.group?m.group+' 群推送':'推送给我')+' · '+m.at,m.text)}
setInterval(poll,2000);$('#who').onchange=()=>{log.innerHTML='';poll()};
</script></body></html>`;

/** Shown without a valid session: where the token is. */
export const SIGN_IN_PAGE = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>值班台 · 本地控制台</title></head>
<body style="font-family:system-ui,'PingFang SC','Microsoft YaHei',sans-serif;max-width:640px;margin:40px auto;padding:0 16px;line-height:1.7">
<h1 style="font-size:20px">值班台本地控制台需要访问令牌</h1>
<p>请在启动值班台的终端日志里找到「本地控制台」这一行，复制其中完整的地址（形如 <code>http://127.0.0.1:3000/console?token=…</code>）在本机浏览器打开。</p>
<p>令牌每次启动都会重新生成；控制台只能在服务器本机访问，不能通过反向代理或其他电脑打开。</p>
</body></html>`;
