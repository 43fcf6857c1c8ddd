// The intent table, as data: per intent, weighted cue patterns (negative weights are counter-evidence,
// syntax in patterns.ts), the slots it cannot act without, and the question that asks for them.
import type { Intent, Slots } from "./types.ts";

export interface IntentSpec {
  cues: Readonly<Record<string, number>>;
  required?: readonly (keyof Slots)[];
  /** Asked when a required slot is missing. */
  ask?: string;
  /** Changes the system (never the answer to text the router does not understand). */
  change?: boolean;
}

/** Asking why something was done is not a request to do it again. */
const ASKED_WHY = { "why you": -4, "what made you": -4, "why was": -3 };
const SVC_VERB = "start|stop|restart|reload|bounce|kill|disable|enable|launch";

/** Cues that a request is general knowledge or chit-chat, not an operation: they compete as "unknown". */
export const OFF_TOPIC: Readonly<Record<string, number>> = {
  "^what is a|an": 4, "^what are": 1, "^who is|was|wrote|won|invented|discovered": 3, "meaning of": 3, "define|definition": 3,
  "write|compose|draw|sing|tell poem|story|song|joke|essay|email|letter|haiku|limerick": 4, "translate": 4,
  "recipe|cook|bake": 3, "weather|forecast": 4, "email|emails|pizza|movie|film": 2, "how do i write|make|learn|bake|cook": 2, "my life|heart|soul|feelings|dream": 3, "love|happiness|sadness|feeling": 1.5,
};

export const TABLE: Readonly<Record<Intent, IntentSpec>> = {
  help: { cues: { "what can you do": 4, "what you can do": 4, "what can you help": 4, "^help$": 4, "help": 1, "how do i use": 3, "how to use": 2.5, "what command": 3, "list command": 3, "command": 1.5, "capability": 3, "where do i start|begin": 3.5, "new here": 2, "what can i ask": 3, "you able to do": 4, "can you handle|manage": 3, "what request|thing": 1.5, "what do you understand": 3 } },
  greeting: { cues: { "^hi|hello|hey|hiya|howdy|greeting|greetings|yo|morning|evening|afternoon$": 3.5, "^hi|hello|hey|hiya|howdy|yo": 1.5, "hi|hello|hey|hiya|howdy": 1.5, "hi|hello|hey there": 1.5, "thank|thx|ty|cheers": 3, "good morning|afternoon|evening|night|day": 3, "how are you": 3.5, "how is it going": 3, "nice|great|awesome|perfect|cool": 1, "that worked": 1.5, "^ok|okay$": 2 } },
  "status.overview": {
    cues: { "^status$": 4, "everything ok|okay|alright|fine|good|well|working": 3.5, "all good": 3, "overview": 3, "summary": 2, "health": 2, "healthy": 3, "how system|box|machine|appliance|server|thing doing|going": 3.5, "how are thing": 3, "thing ok|okay|alright|fine|good": 3, "any problem|issue": 2.5, "anything broken|wrong": 2.5, "broken": 1.5, "state of system|machine": 2.5, "system status": 3, "worry|concern|concerned": 3, "status report": 3.5, "status": 1, "report": 1.5, "<service>": -1.5 },
  },
  "system.info": {
    cues: { "uptime": 4, "version": 2.5, "what|which version": 2, "system info|information|detail": 4, "how long running|up": 3, "hardware": 3, "hostname": 4, "host name": 3, "kernel": 3, "release": 2.5, "aios": 1, "does machine|box|system|server|appliance|it have": 3.5, "how many cpu|core": 3, "core": 1.5, "last boot|booted|reboot": 3, "boot time": 3, "os release|version": 2, "which|what os|distribution|distro": 2.5, "what are you running on": 2, "installed": -3, "<word>": -0.5, "address|ip": -2 },
  },
  "agents.status": {
    cues: { "agent": 2.5, "agent doing|alive|running|up|healthy|working|ok|status|state": 2.5, "status agent": 2.5, "list|show agent": 1.5, "how agent": 1.5, "security|monitor|network|package|maintenance agent": 2, ...{ [`${SVC_VERB} agent`]: -3 } },
  },
  "models.list": {
    cues: { "model": 2, "llm": 3, "language model": 2, "which|what|list|show model": 2, "model installed|loaded|available|using|run|running|have": 2, "runtime": -2.5, "model server|service": -2.5, ...{ [`${SVC_VERB} model`]: -3 } },
  },
  "goals.list": {
    cues: { "working on": 3, "goal": 3.5, "todo|to-do": 3, "what you doing": 3.5, "what you up to": 3.5, "busy": 2.5, "task": 2, "plan": 2, "on your plate": 3.5, "you trying": 3, "agent": -2 },
  },
  "service.status": {
    cues: { "status <service>": 3, "<service> status": 3, "is <service> running|up|alive|active|working|down|ok|okay|healthy|dead": 3.5, "<service> running|alive": 1.5, "check <service>": 3, "service": 1.5, "list|show|which|what service": 2, "service running|up|status": 2, "all service": 1, "agent": -1.5, "firewall on|enabled|active": -2, "open|close|block": -2 },
  },
  "service.start": {
    required: ["service"], ask: "Which service should I start (for example web, ssh or ntp)?", change: true,
    cues: { "start <service>": 4.5, "start": 1, "start service": 3, "launch <service>": 4, "fire|start up <service>": 4.5, "get <service> running|up|going": 4.5, "bring <service> up|back": 4, "turn on <service>": 4.5, "enable <service>": 4, "start <word>": 0.5, "start <word> service|daemon|server|unit": 3, "start over": -4, ...ASKED_WHY },
  },
  "service.stop": {
    required: ["service"], ask: "Which service should I stop (for example web, ssh or ntp)?", change: true,
    cues: { "stop <service>": 4.5, "stop": 1, "stop service": 3, "shut down|off <service>": 4.5, "shutdown <service>": 4.5, "kill|halt <service>": 4.5, "disable <service>": 4, "turn off <service>": 4.5, "stop <word>": 0.5, "stop <word> service|daemon|server|unit": 3, "stop allowing|accepting|fixing|acting|changing|doing": -4, ...ASKED_WHY },
  },
  "service.restart": {
    required: ["service"], ask: "Which service should I restart (for example web, ssh or ntp)?", change: true,
    cues: { "restart <service>": 4.5, "restart": 2.5, "^restart$": 1, "reload|bounce|kick <service>": 4, "<service> stuck|hung|frozen|hanging": 3, "restart it|that|this|service": 2, "restart <word>": 1, "restart <word> service|daemon|server|unit": 2, "restart machine|box|system|appliance|server|computer|host|device|everything|whole": -4, ...ASKED_WHY },
  },
  "service.logs": {
    required: ["service"], ask: "Which service's logs should I show (for example web, ssh or ntp)?",
    cues: { "log": 3, "log in|on|into": -3.5, "journal|journalctl": 3.5, "tail": 1.5, "line": 1, "<service> log|logs": 1, "log of|for <service>": 1, "<path>": -1, "error|warning|failure": 1.5, "error|warning|failure <service>": 2 },
  },
  "disk.usage": {
    cues: { "disk": 3, "space": 2.5, "storage": 3, "^df$": 4, "df|du": 3, "full": 1.5, "out of space": 2, "filling up": 2, "free space": 1.5, "how big": 2, "<path>": 1, "size": 1.5, "partition|filesystem|volume": 2.5, "folder|directory|dir|file": 1.5, "biggest|largest": 1.5 },
  },
  "memory.usage": {
    cues: { "memory|ram|mem|memroy": 3.5, "swap|swapping": 3, "oom": 3, "^free": 3, "out of memory": 2, "disk": -2 },
  },
  "processes.top": {
    cues: { "cpu": 3, "process": 3, "^top$": 3, "top process": 1, "load": 2.5, "slow|sluggish|laggy": 2.5, "hog|hogging": 2, "what is running": 2.5, "what running right now": 1, "kill process": 1, "service": -1.5, "port": -2 },
  },
  "network.show": {
    cues: { "ip": 3, "ip address": 1, "my address": 2.5, "what address": 2, "address box|machine|server|system|host|appliance|have": 1.5, "network": 2, "interface": 3, "gateway": 3, "route|routing": 2.5, "dns": 2.5, "netmask|subnet": 2, "mac address": 3, "network config|configuration|setting|settings": 1.5, "ifconfig": 4, "connected|online|internet": 2, "network up|down|working|connected|ok|okay": 2.5, "block|ban|deny|blacklist|drop": -3, "listen|listening|port": -2, "<service> running|status": -2, ...{ [`${SVC_VERB} network`]: -3 } },
  },
  "ports.list": {
    cues: { "listen|listening": 3.5, "open port": 2, "which|what|any port open": 4, "show|list|which|what open port": 4, "socket": 3, "netstat|ss": 3.5, "port in use": 3, "port used": 3, "what is on port": 3, "on port <num>": 0.5 },
  },
  "firewall.show": {
    cues: { "firewall": 2, "firewall rule|ruleset|config|configuration|setting": 2, "ruleset": 3, "nft|nftables|iptables": 2, "show|list|display firewall": 2.5, "what|which firewall": 1.5, "firewall on|enabled|active|up|running|status|state": 3, "<num>": -2, "<addr>": -2, "reset|restore|default|factory|revert|undo": -2.5, ...{ [`${SVC_VERB} firewall`]: -3 } },
  },
  "firewall.open_port": {
    required: ["port"], ask: "Which port should I open (for example 8080/tcp)?", change: true,
    cues: { "open port": 3, "open <num>": 3.5, "permit <num>|port|traffic|connection": 3.5, "open up": 1, "allow <num>": 3.5, "allow port": 3.5, "allow incoming|inbound|connection|traffic": 2.5, "let traffic|connection in": 2.5, "let in": 1.5, "unblock|expose|forward port|<num>": 4, "reach|reachable|unreachable|reached|accessible|inaccessible": 2, "can not connect|access|reach": 2.5, "from outside|laptop|internet|lan|network": 1.5, "port <num>": 1, "<port>": 1, "port <num> open|opened": 3, "should not open|opened|reachable|accessible|exposed|public": -5,
      "which|what|show|list|any open port": -3, "listen|listening": -2, "close|shut|block|deny|disallow|drop": -2.5, "not allow|allowing": -5, ...ASKED_WHY },
  },
  "firewall.close_port": {
    required: ["port"], ask: "Which port should I close (for example 8080/tcp)?", change: true,
    cues: { "close <num>": 4, "close port": 3.5, "shut port|<num>": 3.5, "block port": 4, "block <num>": 3.5, "deny|disallow|drop|reject port|<num>": 3.5, "stop allowing|accepting": 3.5, "accepting": 1, "not allow": 3, "not allow <num>": 1, "should not open|opened|reachable|accessible|exposed|public": 4, "no longer allow": 3, "remove|delete rule": 2, "remove|delete port": 2, "port <num>": 1, "<port>": 1, "unblock": -4, "<addr>": -3, ...ASKED_WHY },
  },
  "firewall.block_all_incoming": {
    change: true,
    cues: { "block|deny|drop|reject|refuse|stop incoming|inbound": 4, "block|deny|drop|reject|refuse all|everything": 2.5, "lock down": 4, "lockdown": 4, "under attack": 2, "incoming|inbound": 1, "close all port": 3, "shut|cut|close|seal everything|all": 3, "from outside|internet|external": 1, "<addr>": -5, "<num>": -3, ...ASKED_WHY },
  },
  "firewall.block_address": {
    required: ["addr"], ask: "Which address or prefix should I block (for example 203.0.113.7 or 198.51.100.0/24)?", change: true,
    cues: { "block|ban|deny|blacklist|blocklist|drop|reject|stop|prevent|refuse <addr>": 4.5, "<addr>": 1.5, "block|ban|blacklist them|him|her|it|host|attacker": 2, "block|ban|blacklist ip|address|host": 4, "ban": 2, "hammering|attacking|brute|scanning|attack": 1.5, "<num>": -2, ...ASKED_WHY },
  },
  "firewall.reset": {
    change: true,
    cues: { "reset|restore|revert|undo firewall": 4.5, "firewall default|factory": 4, "default|factory|original firewall|rule|setting|config|policy": 3.5, "firewall back": 2, "start over": 2, "firewall change": 1, "flush firewall|rule": 3, ...ASKED_WHY },
  },
  "packages.install": {
    required: ["package"], ask: "Which package should I install (its Debian name, for example htop)?", change: true,
    cues: { "install": 3, "install <word>": 2.5, "apt|apt-get install": 1, "install package": 1, "need|want <word>": 3, "account|user|login": -3, "get me|us <word>": 3, "add package": 3, "get <word> installed": 3, "set up <word>": 3, "update|upgrade": -3, "key": -3, "all|everything": -1.5, "in|into my|your|our": -3, ...ASKED_WHY },
  },
  "packages.remove": {
    required: ["package"], ask: "Which package should I remove (its Debian name, for example htop)?", change: true,
    cues: { "uninstall|purge": 4, "remove|delete <word>": 2.5, "<word> <word>": -1, "from my|the|your <word>": -2, "in|into my|your|our": -3, "remove|delete": 1, "remove|delete|uninstall package": 3, "get rid of": 3, "apt|apt-get remove|purge": 1, "take <word> off": 4, "all": -1, "user|account|key|rule|port|firewall|snapshot|everything": -3, ...ASKED_WHY },
  },
  "packages.upgradable": {
    cues: { "update": 2, "any update": 3.5, "update available": 3, "check update": 3.5, "check for update": 1, "upgradable|upgradeable|outdated": 4, "pending update": 3, "can upgraded|updated": 3, "anything to update|upgrade": 3, "need update|updating|upgrade|upgrading": 3, "up to date": 3, "up-to-date": 3, "bring|get|make": -2, "install|apply": -2 },
  },
  "packages.upgrade": {
    change: true,
    cues: { "upgrade": 3, "upgrade everything|all|system|package": 1.5, "update system|everything|all|package|box|machine": 3.5, "install|apply update|upgrade": 5, "patch": 3, "dist-upgrade|full-upgrade": 4, "run|do|perform update|upgrade": 4, "bring|get|make up to date": 4, "upgradable|upgradeable|outdated|any|available|anything|pending|check|can|list": -3, ...ASKED_WHY },
  },
  "packages.installed": {
    cues: { "installed": 3, "is <word> installed": 1, "do we|i have <word>": 3, "version of <word>": 1.5, "is <word> available|there|present": 3, "get <word> installed": -3, "list|show|which installed": 1, "model": -3, "update|upgrade|upgradable": -2 },
  },
  "users.list": {
    cues: { "user": 2, "list|show|which|who user": 2, "account": 2, "who can log|login": 3, "who has account": 3, "logged in": 3, "user exist": 1.5, "add|create|new|remove|delete|useradd|userdel|give|rid": -2, "key": -1.5 },
  },
  "users.add": {
    required: ["user"], ask: "What should the new user be called?", change: true,
    cues: { "add|create|make|new user|account": 4, "useradd|adduser": 4.5, "account for": 1, "need|want account|user|login": 3.5, "give <word> account|login": 4, "key|<key>": -3, ...ASKED_WHY },
  },
  "users.remove": {
    required: ["user"], ask: "Which user should I remove?", change: true,
    cues: { "remove|delete|drop|deactivate|disable user|account": 4, "userdel|deluser": 4.5, "rid of user|account": 4, "key": -3, ...ASKED_WHY },
  },
  "keys.list": {
    cues: { "key": 2, "ssh key": 1, "list|show|which|what key": 2, "authorized key": 2.5, "authorized_keys": 4, "ssh access": 3, "key authorized|allowed|installed": 1.5, "add|authorize|upload|remove|delete|revoke": -3, "<key>": -4 },
  },
  "keys.add": {
    required: ["key"], ask: "Paste the public key to add (for example ssh-ed25519 AAAA… me@laptop).", change: true,
    cues: { "<key>": 5, "add|authorize|install|upload|allow key": 4, "public key": 1.5, "remove|delete|revoke": -4, ...ASKED_WHY },
  },
  "keys.remove": {
    required: ["label"], ask: "Which key should I remove (its comment, for example me@laptop)?", change: true,
    cues: { "remove|delete|revoke|drop|disable key": 4.5, "revoke": 2, "<label>": 0.5, ...ASKED_WHY },
  },
  "snapshots.list": {
    cues: { "snapshot": 2, "^=snapshots$": 2, "list|show|which|what snapshot": 2.5, "backup": 1.5, "which|what|list backup": 3, "restore point": 1.5, "list|show|which|what restore point": 2, "what can roll|restore|revert": 4, "take|create|make|restore|rollback|roll": -1.5 },
  },
  "snapshots.create": {
    change: true,
    cues: { "take|create|make snapshot": 4, "snapshot now": 3, "^=snapshot": 3, "take|create|make backup": 4, "checkpoint": 3.5, "snapshot before": 2, "save state|current state": 3, "make|create|set restore point": 3.5, "back up": 2.5, "backup": 1, "back up config|before": 1.5, "list|show|which|what|rollback|roll|revert|undo": -2.5 },
  },
  "snapshots.rollback": {
    change: true,
    cues: { "roll back": 4, "rollback": 4, "undo": 3, "revert": 3.5, "restore snapshot|<snapshot>|backup": 4, "restore": 1.5, "go|put back": 2.5, "way they were": 2, "way it was": 2, "previous state|snapshot|version|config|configuration|setting|settings": 2, "restore previous|earlier|last": 2, "last change": 1.5, "firewall": -3.5, "restore point": -2, "what can": -3, "why you": -3 },
  },
  "incidents.list": {
    cues: { "incident": 2.5, "list|show|any incident": 2, "problem|issue": 1.5, "recent|lately problem|issue": 1.5, "went|gone|go wrong": 3, "outage": 3, "alert": 2.5, "what happened": 2, "<num>|<incident>": -3, "explain": -1 },
  },
  "incidents.explain": {
    cues: { "incident <num>": 5, "<incident>": 4.5, "explain|detail|about|why incident": 3, "last|latest incident": 2, "what happened in|during incident": 1 },
  },
  "decision.explain": {
    cues: { "why you": 3.5, "why did": 1, "^why$": 4, "explain decision|action|choice|that|this": 4, "decision": 2.5, "reasoning|reason|justify|rationale": 3, "what made you": 4, "explain": 1, "what you just did|done": 3, "incident": -3 },
  },
  "changes.since": {
    cues: { "what changed": 3.5, "what happened <time>": 2.5, "changed": 2, "change": 1.5, "since": 1.5, "<time>": 1.5, "recent change": 2.5, "what did you do": 3, "what have you done": 3, "what you change|changed|modified": 2, "modified": 2.5, "undo|revert|roll|rollback|without|ask|approval": -3, "wrong|incident|problem": -2 },
  },
  "autonomy.set": {
    required: ["autonomy"], ask: "Should I act on my own (on), only propose changes (propose), or stop acting (off)?", change: true,
    cues: { "autonomy|autonomous|autopilot": 4, "by yourself": 3, "on your own": 3, "yourself": 1, "without asking|approval|permission|confirmation": 3.5, "ask before|first": 3.5, "full|take control": 3, "approval|permission": 2, "only propose|suggest": 3, "propose": 2, "stop fixing|acting|changing|doing": 3.5, "hands off": 3.5, "automatically": 1.5, "may|can act": 2, ...ASKED_WHY },
  },
  "system.reboot": {
    change: true,
    cues: { "reboot|reboots|rebooting": 5, "restart machine|box|system|appliance|server|computer|host|device|everything|whole": 5, "power cycle": 4, "power-cycle|powercycle": 4, "restart <service>": -4, ...ASKED_WHY },
  },
};
