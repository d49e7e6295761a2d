/// The report's inline style and script: nothing is fetched, so the file opens anywhere, offline.
enum ReportAssets {
    static let css = """
        body{font:15px/1.7 system-ui,"Noto Sans CJK SC","WenQuanYi Micro Hei",sans-serif;margin:0 1.5em 4em;color:#222}
        header{position:sticky;top:0;background:#fff;border-bottom:1px solid #ddd;padding:.3em 0;z-index:2}
        h1{font-size:1.3em;margin:.2em 0}.by{color:#777;margin:0;font-size:.85em}
        .kinds label{margin-right:.6em;padding:0 .3em;border-radius:3px;font-size:.9em}
        .cards{display:flex;flex-wrap:wrap;gap:1em}.card{border:1px solid #ddd;border-radius:6px;padding:.3em .8em}
        .card.wide{min-width:22em}.card h3{font-size:1em;margin:.3em 0}.n{text-align:right;padding-left:1em}
        .bars td.bar{width:12em}.bars span{display:block;height:.8em;background:#4a7fd6;border-radius:2px}
        .doc{border-top:2px solid #ccc;margin-top:1.5em}.doc h2{font-size:1.1em}
        .meta{display:grid;grid-template-columns:max-content 1fr;gap:0 1em;font-size:.85em;color:#444}
        .meta dt{color:#888}.meta dd{margin:0}
        .text{white-space:pre-wrap;border-left:3px solid #eee;padding-left:.8em;max-width:60em}
        .sides{display:grid;grid-template-columns:1fr 1fr;gap:1.5em}.sides h3{font-size:.95em;color:#666}
        .error{color:#b00;font-weight:bold}.notext,.nodrop{color:#888;font-style:italic}
        .dropped{color:#666;font-size:.85em}.dropped code{color:#a50;margin-right:.5em}
        mark.f{border-radius:3px;padding:0 1px;cursor:pointer;color:inherit}
        .k-quantity{background:#cfe3ff}.k-rank{background:#e0d4ff}.k-date{background:#d8f3dc}
        .k-program{background:#ffe5b4}.k-citation{background:#f3d1e6}.k-honor{background:#ffd6d6}
        .k-place{background:#d4f1f4}.k-division{background:#eeeeb8}
        mark.missing{outline:2px dashed #d00}mark.unexpected{outline:2px solid #e80}
        mark.changed{outline:2px dotted #80c}mark.focus{box-shadow:0 0 0 2px #222}
        body.hide-quantity .k-quantity,body.hide-rank .k-rank,body.hide-date .k-date,
        body.hide-program .k-program,body.hide-citation .k-citation,body.hide-honor .k-honor,
        body.hide-place .k-place,body.hide-division .k-division{background:none}
        #detail{position:fixed;right:1em;bottom:1em;max-width:28em;max-height:60vh;overflow:auto;background:#fff;
        border:1px solid #888;border-radius:6px;box-shadow:0 2px 8px #0003;padding:.5em 1em;font-size:.85em;z-index:3}
        #detail td:first-child{color:#888;padding-right:1em;vertical-align:top}#close{float:right}
        """

    /// Click a fact for its fields (the address then links to it: `#d-3:120` is the fact at 120 in
    /// document 3); the checkboxes switch a kind's highlight off and on.
    static let script = """
        (function(){
          var panel=document.getElementById('detail'),table=panel.querySelector('table');
          document.addEventListener('click',function(e){
            var m=e.target.closest&&e.target.closest('mark[data-detail]');
            if(!m)return;
            show(m);
            var doc=m.closest('section.doc'),first=doc&&doc.querySelector('mark[data-detail="'+
              CSS.escape(m.getAttribute('data-detail'))+'"][data-start]');
            if(first)history.replaceState(null,'','#'+doc.id+':'+first.getAttribute('data-start'));
          });
          function show(m){
            document.querySelectorAll('mark.focus').forEach(function(f){f.classList.remove('focus');});
            m.classList.add('focus');
            var d=JSON.parse(m.getAttribute('data-detail'));
            table.textContent='';
            Object.keys(d).forEach(function(k){
              if(d[k]===null)return;
              var tr=table.insertRow(),a=tr.insertCell(),b=tr.insertCell();
              a.textContent=k;b.textContent=typeof d[k]==='object'?JSON.stringify(d[k]):String(d[k]);
            });
            panel.hidden=false;
          }
          var at=/^#(d-[0-9]+):([0-9]+)$/.exec(location.hash);
          var linked=at&&document.querySelector('#'+at[1]+' mark[data-fact][data-start="'+at[2]+'"]');
          if(linked){show(linked);linked.scrollIntoView({block:'nearest'});}
          document.getElementById('close').addEventListener('click',function(){panel.hidden=true;});
          document.querySelectorAll('input[data-kind]').forEach(function(box){
            box.addEventListener('change',function(){
              document.body.classList.toggle('hide-'+box.getAttribute('data-kind'),!box.checked);
            });
          });
        })();
        """
}
