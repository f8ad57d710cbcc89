// The report page's script (inline, no build step): draws the figures of /api/reports/* with ECharts. Every chart
// links through to the items behind it (a click opens the filtered ticket list). Data goes in as chart values and
// textContent only, never as HTML.
export const REPORT_SCRIPT = `
const $=(id)=>document.getElementById(id);const charts={};
function chart(id){return charts[id]||(charts[id]=echarts.init($(id)))}
function pct(x){return x==null?'—':(Math.round(x*1000)/10)+'%'}
function rate(x){return x==null?null:Math.round(x*1000)/10}
async function get(url){const r=await fetch(url,{credentials:'same-origin'});if(r.status===401){location.href='/dashboard/login';throw new Error('401')}if(!r.ok)throw new Error(String(r.status));return r.json()}
function monthRange(m){const [y,mo]=m.split('-').map(Number);const last=new Date(Date.UTC(y,mo,0)).getUTCDate();return {from:m+'-01',to:m+'-'+String(last).padStart(2,'0')}}
function target(name,value){return {silent:true,symbol:'none',label:{formatter:name+' '+value+'%'},lineStyle:{color:'#dc2626',type:'dashed'},data:[{yAxis:value}]}}
function links(m){const r=monthRange(m);const box=$('exports');box.replaceChildren();
for(const [label,href] of [['投诉月报 CSV','/api/reports/complaints?month='+m+'&format=csv'],['投诉月报 Excel','/api/reports/complaints?month='+m+'&format=xlsx'],['报修月报 Excel','/api/reports/repairs?month='+m+'&format=xlsx'],['本月工单明细 Excel','/api/tickets/export?from='+r.from+'&to='+r.to+'&format=xlsx']]){const a=document.createElement('a');a.href=href;a.textContent=label;a.style.marginRight='12px';box.append(a)}}
async function complaints(m){const d=await get('/api/reports/complaints?month='+m);const r=monthRange(m);
$('note').textContent='投诉 '+d.total+' 件，有效 '+d.valid+' 件（有效率 '+pct(d.validRate)+'），首次回复及时率 '+pct(d.firstReplyOnTimeRate)+'，回访率 '+pct(d.followUpRate)+'，平均满意度 '+(d.satisfaction??'—')+'，评价回收率 '+pct(d.surveyReturnRate)+'（'+d.surveysAnswered+'/'+d.surveysSent+'）'+'，重复投诉 '+d.repeatComplaints+' 件';
const cats=Object.entries(d.byCategory||{});
const c1=chart('byCategory');c1.setOption({title:{text:'投诉按类别',left:8,top:4},tooltip:{},legend:{top:4,right:8},grid:{top:60},xAxis:{type:'category',data:cats.map(c=>c[0])},yAxis:{type:'value',minInterval:1},
series:[{name:'投诉',type:'bar',data:cats.map(c=>c[1].total)},{name:'有效',type:'bar',data:cats.map(c=>c[1].valid)}]},true);
c1.off('click');c1.on('click',(p)=>{location.href='/dashboard/tickets?type=complaint&category='+encodeURIComponent(p.name)+'&from='+r.from+'&to='+r.to});
const t=d.targets||{};const c2=chart('rates');c2.setOption({title:{text:'投诉指标（%）',left:8,top:4},tooltip:{},xAxis:{type:'category',data:['有效率','首次回复及时率','回访率']},yAxis:{type:'value',max:100},
series:[{type:'bar',data:[rate(d.validRate),rate(d.firstReplyOnTimeRate),rate(d.followUpRate)],markLine:{silent:true,symbol:'none',lineStyle:{color:'#dc2626',type:'dashed'},data:[
...(t.validRateBelow!=null?[{yAxis:t.validRateBelow*100,name:'有效率上限',label:{formatter:'有效率目标 <'+t.validRateBelow*100+'%'}}]:[]),
...(t.followUpRate!=null?[{yAxis:t.followUpRate*100,name:'回访率目标',label:{formatter:'回访率目标 '+t.followUpRate*100+'%'}}]:[])]}}]},true);
c2.off('click');c2.on('click',()=>{location.href='/dashboard/tickets?type=complaint&from='+r.from+'&to='+r.to});return d}
async function trendChart(m){const d=await get('/api/reports/trend?kind=complaints&month='+m);const ms=d.months||[];const t=chart('trend');
t.setOption({title:{text:'近 12 个月投诉趋势',left:8,top:4},tooltip:{trigger:'axis'},legend:{top:4,right:8},grid:{top:60},xAxis:{type:'category',data:ms.map(x=>x.month)},yAxis:[{type:'value',name:'件',minInterval:1},{type:'value',name:'%',max:100}],
series:[{name:'投诉',type:'bar',data:ms.map(x=>x.total)},{name:'回访率',type:'line',yAxisIndex:1,data:ms.map(x=>rate(x.followUpRate)),markLine:target('回访率目标',100)},{name:'有效率',type:'line',yAxisIndex:1,data:ms.map(x=>rate(x.validRate))}]},true);
t.off('click');t.on('click',(p)=>{const r=monthRange(p.name);location.href='/dashboard/tickets?type=complaint&from='+r.from+'&to='+r.to})}
async function repairs(m){const d=await get('/api/reports/repairs?month='+m);const teams=d.byTeam||[];const r=monthRange(m);const c=chart('repairs');
c.setOption({title:{text:'报修及时率（按班组，%）',left:8,top:4},tooltip:{},legend:{top:4,right:8},grid:{top:60},xAxis:{type:'category',data:teams.map(x=>x.team)},yAxis:{type:'value',max:100},
series:[['响应','response'],['到场','arrival'],['处理','resolve']].map(([n,k])=>({name:n,type:'bar',data:teams.map(x=>rate(x[k]&&x[k].rate))}))},true);
c.off('click');c.on('click',(p)=>{location.href='/dashboard/tickets?type=repair&team='+encodeURIComponent(p.name)+'&from='+r.from+'&to='+r.to});return d}
function surveyChart(m,c,p){const r=monthRange(m);const rows=[['投诉','complaint',c],['报修','repair',p]].filter(x=>x[2]);const s=chart('surveys');const goal=c&&c.targets&&c.targets.surveyReturnRate!=null?c.targets.surveyReturnRate*100:null;
s.setOption({title:{text:'住户评价回收',left:8,top:4},tooltip:{trigger:'axis'},legend:{top:4,right:8},grid:{top:60},xAxis:{type:'category',data:rows.map(x=>x[0])},yAxis:[{type:'value',name:'件',minInterval:1},{type:'value',name:'%',max:100}],
series:[{name:'评价邀请',type:'bar',data:rows.map(x=>x[2].surveysSent)},{name:'已评价',type:'bar',data:rows.map(x=>x[2].surveysAnswered)},{name:'回收率',type:'line',yAxisIndex:1,data:rows.map(x=>rate(x[2].surveyReturnRate)),...(goal!=null?{markLine:target('回收率目标 ≥',goal)}:{})}]},true);
s.off('click');s.on('click',(q)=>{const k=rows[q.dataIndex];if(k)location.href='/dashboard/tickets?type='+k[1]+'&from='+r.from+'&to='+r.to})}
async function load(){const m=$('month').value;$('note').textContent='加载中…';links(m);
const results=await Promise.allSettled([complaints(m),trendChart(m),repairs(m)]);
const ok=(i)=>results[i].status==='fulfilled'?results[i].value:null;if(ok(0)||ok(2))surveyChart(m,ok(0),ok(2));
const failed=results.filter(x=>x.status==='rejected');if(failed.length===results.length)$('note').textContent='报表接口暂不可用（'+failed[0].reason.message+'），请稍后重试'}
$('month').addEventListener('change',load);window.addEventListener('resize',()=>{for(const c of Object.values(charts))c.resize()});load();`;
