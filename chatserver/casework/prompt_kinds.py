"""The kinds of expression that prompt an agent, as patterns rather than fixed phrases.

Tenants rarely say "complain": they say it is the third time, that nobody rang back,
that they want a manager, that it is a joke. ``prompt_words`` lists fixed phrases; this
module adds, for each kind of expression, patterns over the same normalised text (lower
case, no accents, no apostrophes: "dyw'r" is "dywr"), so a kind is caught however its
words are filled in ("4th time", "fourth time", "5 times").

Each pattern is a regular-expression fragment matched on whole words; a space in it
matches any run of spaces or hyphens, as in the phrases. Repetition is bounded (lines are
read on the hot path, and long ones must stay cheap). A pattern that ends on a problem
("still leaking") looks ahead at it rather than consuming it, so the same words can
still name the hazard.
"""

# Words that may stand between the parts of a kind: "nobody has even bothered to call".
_AUX = r"(?:(?:has|have|had|ever|even|bothered to|actually|yet|is|was|will|would|s|been) ){0,4}"
_NOBODY = r"(?:no one|noone|nobody|no body|no 1|no1)"
_NUMBER = r"(?:\d+|two|three|four|five|six|seven|eight|nine|ten|several|a few|a couple of|a)"
_SPAN = r"(?:hours|days|weeks|months|years|wks|mths|yrs)"
_MONTH = (
    r"(?:january|february|march|april|june|july|august|september|october|november|december"
    r"|last (?:week|month|year|winter|summer|christmas))"
)
_LINE_END = r"(?=\s*(?:[.!?]|$))"

DISSATISFACTION_KINDS: dict[str, tuple[str, ...]] = {
    # Saying it again: the count of contacts or visits, and a problem back again.
    "repetition": (
        r"(?:second|third|fourth|fifth|sixth|\d+(?:st|nd|rd|th)|umpteenth|millionth|nth)"
        r" (?:time|visit|call|appointment|engineer|contractor|plumber|surveyor|person|email)",
        rf"(?:{_NUMBER}|so many|too many|countless|numerous|loads of) times",
        r"(?:rang|called|phoned|emailed|chased|asked) and (?:rang|called|phoned|emailed|asked)",
        r"(?:over and over|time and again|time after time|repeatedly)",
        rf"again{_LINE_END}",
        r"(?:back|happened|cancelled|missed|failed|broken|off|wrong|same problem) again",
        r"(?:keep|keeps|kept) (?:cancelling|canceling|missing|putting|fobbing|ringing|chasing"
        r"|having to|telling|being|saying)",
        r"(?:having to|have to|had to) (?:chase|keep|ring|call)",
        r"every time i (?:ring|call|phone|chat|ask)",
        r"(?:yet|once) again|(?:reported|raised|mentioned) (?:it |this )?(?:loads of|so many|many)",
        r"(?:said|told me|tell me|get|getting|got) (?:something |a )?different"
        r" (?:things?|story|answer)",
    ),
    # Kept waiting, or nothing done.
    "waiting": (
        r"still(?= (?:waiting|not|no|nothing|hasnt|havent|isnt|arent|broken|leaking|there"
        r"|chasing|having|the same|no one|nobody|dont|doesnt|didnt))",
        rf"(?:been )?waiting (?:for )?(?:over |nearly |almost |about |more than )?"
        rf"{_NUMBER} {_SPAN}",
        rf"(?:{_SPAN}|ages|forever) (?:now|and (?:still|nothing|no)|later|on end)",
        r"(?:been chasing|chasing (?:this|it|them|you)|going on (?:for|since))",
        rf"since {_MONTH}",
        r"how long (?:do|will|does|am|have|is)",
        r"nothings? (?:s |has |have |had |was |is )?(?:been |got |being )?"
        r"(?:done|happened|sorted|fixed)",
        r"no (?:response|reply|replies|answer|update|updates|call back|callback|follow up|action)",
        r"without (?:fixing|sorting|doing|finishing|repairing)",
        r"(?:do|does|did|done) nothing",
        r"and counting|ongoing (?:issue|problem|saga)",
        r"(?:not|never) (?:been )?(?:fixed|sorted|resolved)",
        rf"(?:for|over|nearly|almost) (?:over )?(?:{_NUMBER}|\d+) (?:months|years)",
        rf"another (?:{_NUMBER} )?(?:day|week|month)s? (?:wait|of)",
        r"(?:still|always) (?:the one|having to|me)",
        r"no fix|left (?:it |us |me )?(?:broken|like this)",
        r"(?:live|living|put up) (?:like this|with this|in these)|supposed to (?:live|put up|wait)",
        r"(?:actually|ever|finally) (?:going to|gonna) (?:do|fix|sort|come)",
        r"(?:wasted|lost|taken|took) (?:a |another |the |my )?(?:whole )?(?:day|morning|afternoon)",
        r"(?:day|time|days) off work",
        r"taking (?:so|this|that|too) long|(?:far |way )?too long",
    ),
    # Promises not kept, and being ignored.
    "unmet promise": (
        r"(?:said|promised|told me|told us|was told|were told|assured me) (?:that )?"
        r"(?:they|you|someone|somebody|it|he|she) (?:would|will|d|was|were)"
        r"(?=.{0,80}?\b(?:but|never|still|nobody|no one|didnt|hasnt|havent|ago|nothing)\b)",
        r"promised",
        r"never (?:came|come|turned up|showed|shown|called|rang|rung|got back|heard|replied"
        r"|arrived|happened)",
        rf"{_NOBODY} (?:\w+ ){{0,4}}?{_AUX}(?:called|calls|rung|rang|rings|phoned|got back"
        r"|gets back|come|came"
        r"|turned up|shown up|showed up|been out|been|listens?|listening|cares?|helps|helping"
        r"|responded|replied|contacted|bothered|interested|seems to|answers?|been in touch"
        r"|got in touch|gets in touch|knows)",
        r"(?:meant|supposed) to (?:have )?(?:happen|happened|be done|come|came|be fixed|start)",
        r"(?:hasnt|havent|didnt|did not|has not|have not) (?:shown|turned|showed) up",
        r"(?:no show|no shows|lied to|been lied|fobbed off|fob me off|fobbing me off"
        r"|pillar to post|getting nowhere|passed around|passed from)",
        r"(?:closed|signed off|marked) (?:the job |it |the repair )?(?:as )?(?:complete|done)",
    ),
    # Taking it higher, or outside.
    "escalation": (
        r"(?:speak|talk|speaking|talking|put me through|escalate|escalated) (?:to |with )?"
        r"(?:a |the |your |someone |somebody )?(?:manager|supervisor|senior|more senior"
        r"|in charge|boss|head of)",
        r"(?:name|details|number|email) (?:of|for) (?:your|the|a) (?:manager|supervisor|boss)",
        r"someone senior|chief exec(?:utive)?|ceo|head office|grievance",
        r"complaints (?:team|department)",
        r"escalat(?:e|ed|es|ing|ion)",
        r"(?:contact|contacting|write to|writing to|email|emailing|go to|going to|tell|telling"
        r"|ring|report (?:this|you|it) to) (?:my |the |our |local |a ){0,3}"
        r"(?:mp|councillor|press|papers?|news|solicitor|lawyer|ombudsman|bbc|itv|council)",
        r"(?:solicitor|lawyer|legal action|take (?:you|this|it) to court|small claims"
        r"|compensation|(?:take|taking) (?:this|it) further|withhold(?:ing)? (?:my |the )?rent)",
    ),
    # Judging the service, and sarcasm around a problem.
    "judgement": (
        r"(?:its|it s|this is|what|a|beyond a|absolute|total|complete|bit of a) joke",
        r"(?:shambles|shambolic|diabolical|incompetent|incompetence|rude|fuming|wits end"
        r"|a nightmare|nobody cares|not on|no help|unbelievable|beyond belief|worst|clueless"
        r"|a farce|stressed|upset|so called|cheers for nothing|thanks for nothing|rip off"
        r"|treated like|you lot|your lot|you people|waste of (?:money|space|time)|annoyed"
        r"|irritated|gutted|raging|seething|gobsmacked|flabbergasted|cant believe|seriously"
        r"|(?:been|more than|run out of|losing my) patien(?:t|ce)|sort (?:yourselves|it|this) out"
        r"|(?:dont|doesnt|couldnt|do not|does not) (?:even )?care)",
        r"(?:great|brilliant|fantastic|lovely|wonderful|cheers|wow|nice one)"
        r"(?=\W+(?:\w+\W+){0,6}?(?:as usual|another|again))",
        rf"as (?:usual|always){_LINE_END}",
        r"another (?:week|month|day|weekend|cancelled|missed|no show|excuse|wasted)",
        r"(?:get|getting|got) nothing",
        r"made (?:it|things|this) worse|not how you treat",
        r"how (?:we|i) (?:are|am|get|have been) treated",
        r"(?:shouldnt|should not) have to|whats the point|(?:cant|cannot) (?:keep|go on|cope|take)",
        r"(?:im|i am) (?:absolutely |so |just |completely )?done with (?:this|it|you|all)",
        r"affecting (?:my|our|the kids|my kids) (?:mental )?health|health is suffering",
    ),
    # Welsh: each kind again.
    "welsh": (
        r"(?:ail|trydydd|drydydd|pedwerydd|bedwerydd|pumed|chweched|\d+(?:ed|ydd|fed))"
        r" (?:tro|waith|gwaith)",
        r"(?:dro ar ol tro|droeon|sawl gwaith|sawl tro|eto ac eto)",
        rf"(?:yn ol|wedi torri|wedi methu|wedi canslo) eto|eto{_LINE_END}",
        r"(?:dal|yn dal) (?:i aros|heb|ddim|dim|yn aros)",
        r"(?:does|dydy|dyw|doedd|ddaeth|ddaru) (?:neb|dim byd)|neb (?:wedi|yn) \w+",
        r"dim byd wedi",
        r"ers (?:wythnosau|misoedd|blynyddoedd|oes)",
        r"addaw(?:odd|och|on|ais|ed|wyd)?",
        r"(?:rheolwr|rheolwraig|ombwdsmon|cynghorydd|aelod seneddol|cyfreithiwr|papur newydd"
        r"|iawndal)",
        r"(?:joc|yn hurt|grac|yn flin|cywilydd|gwarth|anobeithiol)",
        r"gwasanaeth (?:yn )?(?:ofnadwy|sal|gwael|echrydus)",
        r"(?:wedi )?aros (?:\w+ )?(?:wythnos|mis|blwyddyn)",
        r"flin (?:iawn|am|gyda|efo)|rhy hir",
        r"(?:pump|chwe|saith|tair|pedair|deg|sawl|llawer o) (?:gwaith|waith|tro|o weithiau)",
    ),
}

HAZARD_KINDS: dict[str, tuple[str, ...]] = {
    "damp_mould": (
        r"black (?:spots|stuff|patches|marks|dots|specks|bits)",
        r"(?:musty|mildewy|mouldering|wet rot|dry rot|rotting)",
        r"rotten (?:window|frame|floor|skirting)",
        r"wet patch(?:es)?|water marks? on the (?:wall|ceiling)",
        r"(?:wall|walls|ceiling|carpet|floor|wallpaper|plaster) (?:is |are )?"
        r"(?:wet|soaking|sodden|damp)",
        r"wet to (?:the )?touch",
        r"(?:green|black|white|grey) (?:furry|fuzzy|fluffy)|furry (?:stuff|growth)",
        r"running down (?:the |my )?(?:walls?|windows?)",
        r"wallpaper (?:is )?peeling|peeling wallpaper",
        r"windows? (?:are |is )?(?:streaming|soaking|dripping wet|running with water)",
        r"(?:smotiau du|waliau yn wlyb|wal yn wlyb|gwlyb diferol)",
    ),
    "no_heating": (
        r"boiler (?:\w+ ){0,3}?(?:not working|isnt working|wont work|broken|broke|keeps"
        r"|cutting out|cuts out|pressure|leaking|packed up|died|dead|gone|failed|out)",
        r"radiators? (?:are |is )?(?:stone |freezing |ice |always )?"
        r"(?:cold|not heating|dont work|dont heat)",
        r"(?:no|without) (?:any )?(?:hot water|heating|heat|warm water)",
        r"(?:hot water|heating) (?:isnt|is not|keeps|wont|not|stopped|gone|packed)",
        r"(?:freezing|so cold|really cold) in (?:the|my|our) (?:house|flat|home)",
        r"boeler (?:ddim|wedi|yn torri)|(?:dim|heb) (?:gwres|dwr poeth|dwr cynnes)",
        r"rheiddiaduron (?:yn )?oer",
    ),
    "structure": (
        r"(?:ceiling|wall|roof|floor) (?:is |has )?(?:bowing|sagging|bulging|dropping|cracked"
        r"|cracking|crumbling|coming away|giving way|caving)",
        r"cracks? (?:in|across|on) (?:the |my )?(?:ceiling|wall|walls|floor)",
        r"(?:big|huge|large|massive) cracks?",
        r"(?:loose|broken|wobbly) (?:banister|bannister|handrail|stairs|steps?|tiles|roof tiles)",
        r"(?:banister|bannister|handrail|stairs) (?:is |are )?(?:loose|broken|wobbly|coming away)",
        r"roof tiles?|tiles? (?:came|come|have come|fell|falling|blown) off|asbestos|trip hazard",
        r"(?:came|come|coming|fell|falling|pulled) (?:off|away from) the (?:wall|ceiling)",
        r"(?:floor|floorboards?|joists?) (?:is |are )?(?:rotten|rotting|soft|spongy|giving way)",
        r"(?:nearly|almost) (?:fell|tripped|fallen)",
        r"(?:crac|craciau) (?:mawr )?(?:yn|ar) y (?:nenfwd|wal)",
        r"nenfwd yn (?:plygu|cracio|syrthio)",
    ),
    "leak": (
        r"(?:water|rain) (?:is )?(?:coming|getting|pouring|dripping|running|seeping|leaking"
        r"|comes|gets) (?:in|through|down|into|out|under)(?! (?:the |my )?windows?)",
        r"(?:drips|dripping|drip)",
        r"dwr yn (?:dod|diferu|llifo|gollwng) (?:drwy|drwyr|trwy|trwyr|i mewn|lawr|i lawr)",
        r"(?:tap|to|toiled) yn (?:diferu|gollwng)",
    ),
    "security": (
        r"(?:window|door|windows|doors) (?:\w+ ){0,2}?(?:wont|doesnt|dont|cant|will not"
        r"|does not|wouldnt) (?:shut|close|lock|secure)",
        r"(?:lock|locks|latch|handle) (?:is |are |has )?(?:broken|snapped|jammed|gone)",
        r"cant (?:secure|lock) (?:the|my|our)",
        r"(?:ffenest|ffenestr|drws|clo) (?:ddim yn|wedi) (?:cau|cloi|torri)",
    ),
}
